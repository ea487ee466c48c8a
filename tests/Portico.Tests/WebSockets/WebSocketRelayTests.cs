using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class WebSocketRelayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Relay_FragmentedTextMessage_KeepsTypeAndFragments()
    {
        await using var h = Harness.Start();

        await h.Client.SendAsync(Encoding.UTF8.GetBytes("hel"), WebSocketMessageType.Text, endOfMessage: false, h.Token);
        await h.Client.SendAsync(Encoding.UTF8.GetBytes("lo"), WebSocketMessageType.Text, endOfMessage: true, h.Token);
        var message = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);

        Assert.Equal(WebSocketMessageType.Text, message.Type);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Data));
        Assert.Equal(2, message.Fragments);
    }

    [Fact]
    public async Task Relay_EmptyBinaryMessage_IsRelayed()
    {
        await using var h = Harness.Start();

        await h.Client.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Binary, endOfMessage: true, h.Token);
        await h.Client.SendAsync(new byte[] { 7 }, WebSocketMessageType.Binary, endOfMessage: true, h.Token);
        var empty = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        var next = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);

        Assert.Equal(WebSocketMessageType.Binary, empty.Type);
        Assert.Empty(empty.Data);
        Assert.Equal(new byte[] { 7 }, next.Data);
    }

    [Fact]
    public async Task Relay_MessagesBothWaysAtOnce_ArriveInOrder()
    {
        await using var h = Harness.Start();
        const int Count = 200;

        var toUpstream = SendNumbersAsync(h.Client, Count, h.Token);
        var toClient = SendNumbersAsync(h.Upstream, Count, h.Token);
        var atUpstream = ReceiveNumbersAsync(h.Upstream, Count, h.Token);
        var atClient = ReceiveNumbersAsync(h.Client, Count, h.Token);
        await Task.WhenAll(toUpstream, toClient);

        Assert.Equal(Enumerable.Range(0, Count), await atUpstream);
        Assert.Equal(Enumerable.Range(0, Count), await atClient);
    }

    [Fact]
    public async Task Relay_LargeMessage_RelayedWholeThroughPooledBuffer()
    {
        await using var h = Harness.Start();
        var payload = new byte[200 * 1024];
        new Random(7).NextBytes(payload);

        var receive = InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token);
        await h.Upstream.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, h.Token);
        var message = await receive;

        Assert.Equal(payload, message.Data);
    }

    [Fact]
    public async Task Close_ClientClosesWithCodeAndReason_UpstreamSeesThemAndItsAnswerReachesClient()
    {
        await using var h = Harness.Start();

        await h.Client.CloseOutputAsync((WebSocketCloseStatus)4001, "bye", h.Token);
        var atUpstream = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        await h.Upstream.CloseOutputAsync((WebSocketCloseStatus)4001, "bye too", h.Token);
        var atClient = await InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token);
        await h.Run.WaitAsync(h.Token);

        Assert.Equal(WebSocketMessageType.Close, atUpstream.Type);
        Assert.Equal((WebSocketCloseStatus)4001, h.Upstream.CloseStatus);
        Assert.Equal("bye", h.Upstream.CloseStatusDescription);
        Assert.Equal(WebSocketMessageType.Close, atClient.Type);
        Assert.Equal((WebSocketCloseStatus)4001, h.Client.CloseStatus);
        Assert.Equal("bye too", h.Client.CloseStatusDescription);
        Assert.Equal(WebSocketState.Closed, h.Client.State);
    }

    [Fact]
    public async Task Close_UpstreamClosesWithCodeAndReason_ClientSeesThem()
    {
        await using var h = Harness.Start();

        await h.Upstream.CloseOutputAsync((WebSocketCloseStatus)4002, "done", h.Token);
        var atClient = await InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token);
        await h.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ok", h.Token);
        var atUpstream = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        await h.Run.WaitAsync(h.Token);

        Assert.Equal(WebSocketMessageType.Close, atClient.Type);
        Assert.Equal((WebSocketCloseStatus)4002, h.Client.CloseStatus);
        Assert.Equal("done", h.Client.CloseStatusDescription);
        Assert.Equal(WebSocketMessageType.Close, atUpstream.Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, h.Upstream.CloseStatus);
        Assert.Equal("ok", h.Upstream.CloseStatusDescription);
    }

    [Fact]
    public async Task Lost_UpstreamConnectionDrops_ClientClosedWith1011()
    {
        await using var h = Harness.Start();

        h.Upstream.Abort();
        var atClient = await InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token);
        await h.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, h.Token);
        await h.Run.WaitAsync(h.Token);

        Assert.Equal(WebSocketMessageType.Close, atClient.Type);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, h.Client.CloseStatus);
        Assert.Equal(WebSocketRelay.UpstreamLostReason, h.Client.CloseStatusDescription);
    }

    [Fact]
    public async Task Lost_ClientConnectionDrops_UpstreamClosedWith1001()
    {
        await using var h = Harness.Start();

        h.Client.Abort();
        var atUpstream = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        await h.Upstream.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, h.Token);
        await h.Run.WaitAsync(h.Token);

        Assert.Equal(WebSocketMessageType.Close, atUpstream.Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, h.Upstream.CloseStatus);
        Assert.Equal(WebSocketRelay.ClientLostReason, h.Upstream.CloseStatusDescription);
    }

    [Fact]
    public async Task MaxMessageSize_MessageAtLimit_IsRelayed()
    {
        await using var h = Harness.Start(new WebSocketConfig { MaxMessageSize = 16 });

        await h.Client.SendAsync(new byte[16], WebSocketMessageType.Binary, endOfMessage: true, h.Token);
        var message = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);

        Assert.Equal(16, message.Data.Length);
    }

    [Fact]
    public async Task MaxMessageSize_FragmentedMessageOverLimit_ClosesBothLegsWith1009()
    {
        await using var h = Harness.Start(new WebSocketConfig { MaxMessageSize = 16 });

        await h.Client.SendAsync(new byte[10], WebSocketMessageType.Binary, endOfMessage: false, h.Token);
        await h.Client.SendAsync(new byte[7], WebSocketMessageType.Binary, endOfMessage: true, h.Token);
        var atUpstream = await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        var atClient = await InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token);
        await h.Upstream.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, h.Token);
        await h.Client.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, h.Token);
        await h.Run.WaitAsync(h.Token);

        // The first fragment was within the limit and went ahead; the close interrupts the message.
        Assert.Equal(WebSocketMessageType.Close, atUpstream.Type);
        Assert.Equal(10, atUpstream.Data.Length);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, h.Upstream.CloseStatus);
        Assert.Equal(WebSocketMessageType.Close, atClient.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, h.Client.CloseStatus);
    }

    [Fact]
    public async Task CloseAsync_Shutdown_BothLegsClosedWith1001AndCompletionFollowsAnswers()
    {
        await using var h = Harness.Start();

        var completion = h.Relay.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, WebSocketRelay.ShutdownReason);
        await InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token);
        await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        await h.Client.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, h.Token);
        await h.Upstream.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, h.Token);
        await completion.WaitAsync(h.Token);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, h.Client.CloseStatus);
        Assert.Equal("Gateway shutting down", h.Client.CloseStatusDescription);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, h.Upstream.CloseStatus);
        Assert.Equal("Gateway shutting down", h.Upstream.CloseStatusDescription);
        Assert.True(h.Run.IsCompleted);
    }

    [Fact]
    public async Task CloseTimeout_UpstreamNeverAnswersClose_BothLegsAbortedWhenTimerFires()
    {
        await using var h = Harness.Start();

        await h.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", h.Token);
        await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        Assert.False(h.Run.IsCompleted);

        h.Time.FireAll();
        await h.Run.WaitAsync(h.Token);

        Assert.True(h.Relay.Completion.IsCompletedSuccessfully);
        await Assert.ThrowsAnyAsync<Exception>(async () => await InMemoryWebSockets.ReceiveMessageAsync(h.Client, h.Token));
    }

    [Fact]
    public async Task CloseTimer_IsOnlyCreatedOnceCloseBegins()
    {
        await using var h = Harness.Start();

        await h.Client.SendAsync(new byte[] { 1 }, WebSocketMessageType.Binary, endOfMessage: true, h.Token);
        await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        Assert.Equal(0, h.Time.ActiveTimers);

        await h.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, h.Token);
        await InMemoryWebSockets.ReceiveMessageAsync(h.Upstream, h.Token);
        await h.Upstream.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, h.Token);
        await h.Run.WaitAsync(h.Token);

        Assert.Equal(0, h.Time.ActiveTimers);
    }

    private static async Task SendNumbersAsync(WebSocket socket, int count, CancellationToken token)
    {
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(BitConverter.GetBytes(i), WebSocketMessageType.Binary, endOfMessage: true, token);
        }
    }

    private static async Task<List<int>> ReceiveNumbersAsync(WebSocket socket, int count, CancellationToken token)
    {
        var numbers = new List<int>(count);
        while (numbers.Count < count)
        {
            var message = await InMemoryWebSockets.ReceiveMessageAsync(socket, token);
            numbers.Add(BitConverter.ToInt32(message.Data));
        }

        return numbers;
    }

    /// <summary>client app ⇄ relay ⇄ upstream app, all over in-memory pipes.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new(Bound);
        private readonly WebSocket _gatewayClientLeg;
        private readonly WebSocket _gatewayUpstreamLeg;

        private Harness(WebSocketConfig config)
        {
            (Client, _gatewayClientLeg) = InMemoryWebSockets.CreatePair();
            (_gatewayUpstreamLeg, Upstream) = InMemoryWebSockets.CreatePair();
            Relay = new WebSocketRelay(_gatewayClientLeg, _gatewayUpstreamLeg, config, Time, NullLogger.Instance, "route-1");
            Run = Relay.RunAsync();
        }

        public WebSocket Client { get; }

        public WebSocket Upstream { get; }

        public TriggeredTimeProvider Time { get; } = new();

        public WebSocketRelay Relay { get; }

        public Task Run { get; }

        public CancellationToken Token => _cts.Token;

        public static Harness Start(WebSocketConfig? config = null) => new(config ?? new WebSocketConfig { KeepAliveInterval = null });

        public async ValueTask DisposeAsync()
        {
            Client.Abort();
            Upstream.Abort();
            await Run.WaitAsync(Bound);
            Client.Dispose();
            Upstream.Dispose();
            _cts.Dispose();
        }
    }
}
