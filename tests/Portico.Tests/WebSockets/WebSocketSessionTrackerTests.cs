using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class WebSocketSessionTrackerTests : IDisposable
{
    private readonly TestApplicationLifetime _lifetime = new();
    private readonly WebSocketSessionTracker _tracker;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(10));

    public WebSocketSessionTrackerTests() =>
        _tracker = new WebSocketSessionTracker(_lifetime, NullLogger<WebSocketSessionTracker>.Instance);

    public void Dispose()
    {
        _tracker.Dispose();
        _lifetime.Dispose();
        _cts.Dispose();
    }

    [Fact]
    public async Task ApplicationStopping_OpenSession_BothLegsClosedWith1001AndStopWaitsForAnswers()
    {
        await _tracker.StartAsync(_cts.Token);
        var session = Session.Start();
        _tracker.Add(session.Relay);

        _lifetime.StopApplication();
        var stop = _tracker.StopAsync(_cts.Token);
        await session.AnswerCloseAsync(_cts.Token);
        await stop;

        Assert.True(_tracker.IsStopping);
        Assert.True(session.Relay.Completion.IsCompleted);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, session.Client.CloseStatus);
        Assert.Equal(WebSocketRelay.ShutdownReason, session.Client.CloseStatusDescription);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, session.Upstream.CloseStatus);
        Assert.Equal(WebSocketRelay.ShutdownReason, session.Upstream.CloseStatusDescription);
    }

    [Fact]
    public async Task Add_AfterShutdownBegan_SessionIsClosedAtOnce()
    {
        _tracker.BeginShutdown();
        var session = Session.Start();

        _tracker.Add(session.Relay);
        await session.AnswerCloseAsync(_cts.Token);
        await session.Relay.Completion.WaitAsync(_cts.Token);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, session.Client.CloseStatus);
    }

    [Fact]
    public async Task StopAsync_NoSessions_Completes()
    {
        await _tracker.StartAsync(_cts.Token);

        await _tracker.StopAsync(_cts.Token);

        Assert.True(_tracker.IsStopping);
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public void AddAndRemove_TrackCount()
    {
        var session = Session.Start();

        _tracker.Add(session.Relay);
        var whileOpen = _tracker.Count;
        _tracker.Remove(session.Relay);

        Assert.Equal(1, whileOpen);
        Assert.Equal(0, _tracker.Count);
        session.Client.Abort();
        session.Upstream.Abort();
    }

    /// <summary>A running relay between in-memory client and upstream sockets.</summary>
    private sealed class Session
    {
        private Session(WebSocket client, WebSocket upstream, WebSocketRelay relay)
        {
            Client = client;
            Upstream = upstream;
            Relay = relay;
        }

        public WebSocket Client { get; }

        public WebSocket Upstream { get; }

        public WebSocketRelay Relay { get; }

        public static Session Start()
        {
            var (client, gatewayClientLeg) = InMemoryWebSockets.CreatePair();
            var (gatewayUpstreamLeg, upstream) = InMemoryWebSockets.CreatePair();
            var relay = new WebSocketRelay(gatewayClientLeg, gatewayUpstreamLeg, new WebSocketConfig { KeepAliveInterval = null }, TimeProvider.System, NullLogger.Instance, "route-1");
            _ = relay.RunAsync();
            return new Session(client, upstream, relay);
        }

        /// <summary>Both peers read the gateway's close and answer it, as well-behaved peers do.</summary>
        public Task AnswerCloseAsync(CancellationToken token) => Task.WhenAll(AnswerAsync(Client, token), AnswerAsync(Upstream, token));

        private static async Task AnswerAsync(WebSocket socket, CancellationToken token)
        {
            var message = await InMemoryWebSockets.ReceiveMessageAsync(socket, token);
            Assert.Equal(WebSocketMessageType.Close, message.Type);
            await socket.CloseOutputAsync(socket.CloseStatus!.Value, null, token);
        }
    }
}
