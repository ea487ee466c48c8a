using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Linkis.WebSockets;

namespace Portico.Tests.Linkis.WebSockets;

public sealed class LinkisBackendPoolTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    private readonly FakeBackends _backends = new();
    private readonly RecordingListener _listener = new();
    private readonly ManualTimeProvider _time = new();

    private LinkisBackendPool CreatePool(int maxMessageSize = 1024) =>
        new(7, _backends.ConnectAsync, _listener, new BackendPoolSettings(maxMessageSize, CloseTimeout, Heartbeat), _time, NullLogger.Instance);

    private static PooledMessage Text(string text, string? method = null) =>
        PooledMessage.Copy(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, method);

    [Fact]
    public async Task Send_SameKey_OneConnectionMessagesInOrder()
    {
        using var pool = CreatePool();
        var target = Targets.Of("linkis-cg-entrance", "10.0.0.1:9104");

        Assert.True(await pool.SendAsync(target, Text("one")));
        Assert.True(await pool.SendAsync(target, Text("two")));
        var (_, backend) = await _backends.AcceptAsync();

        Assert.Equal("one", await WebSocketPair.ReceiveTextAsync(backend));
        Assert.Equal("two", await WebSocketPair.ReceiveTextAsync(backend));
        Assert.Equal(1, _backends.Attempts[target.Key]);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public async Task Send_SameApplicationOtherInstance_SeparateConnections()
    {
        using var pool = CreatePool();
        var first = Targets.Of("linkis-cg-entrance", "10.0.0.1:9104");
        var second = Targets.Of("linkis-cg-entrance", "10.0.0.2:9104");

        await pool.SendAsync(first, Text("to-1"));
        await pool.SendAsync(second, Text("to-2"));
        var a = await _backends.AcceptAsync();
        var b = await _backends.AcceptAsync();
        var received = new Dictionary<string, string?>
        {
            [a.Target.Instance.Authority] = await WebSocketPair.ReceiveTextAsync(a.Backend),
            [b.Target.Instance.Authority] = await WebSocketPair.ReceiveTextAsync(b.Backend),
        };

        Assert.Equal("to-1", received["10.0.0.1:9104"]);
        Assert.Equal("to-2", received["10.0.0.2:9104"]);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public async Task Send_KeyDiffersOnlyInCase_SameConnection()
    {
        using var pool = CreatePool();

        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "host-a:9104"), Text("one"));
        await pool.SendAsync(Targets.Of("LINKIS-CG-ENTRANCE", "HOST-A:9104"), Text("two"));
        var (_, backend) = await _backends.AcceptAsync();

        Assert.Equal("one", await WebSocketPair.ReceiveTextAsync(backend));
        Assert.Equal("two", await WebSocketPair.ReceiveTextAsync(backend));
        Assert.Single(_backends.Attempts);
    }

    [Fact]
    public async Task Send_ConcurrentWhileConnecting_CreatedOnceAndQueuedInOrder()
    {
        using var pool = CreatePool();
        _backends.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = Targets.Of("linkis-ps-publicservice", "10.0.0.3:9105");

        var sends = new List<Task<bool>>();
        for (var i = 0; i < 5; i++)
        {
            sends.Add(pool.SendAsync(target, Text("m" + i)).AsTask());
        }

        await Task.WhenAll(sends);
        Assert.Equal(1, pool.Count);
        _backends.Gate.SetResult();
        var (_, backend) = await _backends.AcceptAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("m" + i, await WebSocketPair.ReceiveTextAsync(backend));
        }

        Assert.Equal(1, _backends.Attempts[target.Key]);
    }

    [Fact]
    public async Task Send_ConnectFails_EachWaitingMessageReportedAndNextMessageRetries()
    {
        using var pool = CreatePool();
        var target = Targets.Of("linkis-cg-entrance", "10.0.0.1:9104");
        _backends.Refused.Add(target.Key);
        _backends.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await pool.SendAsync(target, Text("a", "/api/rest_j/v1/entrance/execute"));
        await pool.SendAsync(target, Text("b", "/api/rest_j/v1/entrance/x/status"));
        _backends.Gate.SetResult();

        Assert.Equal("failed linkis-cg-entrance/10.0.0.1:9104 /api/rest_j/v1/entrance/execute: The upstream refused the WebSocket handshake with status 502.", await _listener.NextAsync());
        Assert.Equal("failed linkis-cg-entrance/10.0.0.1:9104 /api/rest_j/v1/entrance/x/status: The upstream refused the WebSocket handshake with status 502.", await _listener.NextAsync());
        Assert.Equal(0, pool.Count);

        _backends.Refused.Clear();
        await pool.SendAsync(target, Text("c"));
        var (_, backend) = await _backends.AcceptAsync();
        Assert.Equal("c", await WebSocketPair.ReceiveTextAsync(backend));
        Assert.Equal(2, _backends.Attempts[target.Key]);
    }

    [Fact]
    public async Task BackendMessages_DeliveredToListenerInOrder()
    {
        using var pool = CreatePool();
        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.1:9104"), Text("hello"));
        var (_, backend) = await _backends.AcceptAsync();

        await WebSocketPair.SendTextAsync(backend, "r1");
        await WebSocketPair.SendTextAsync(backend, "r2");

        Assert.Equal("message linkis-cg-entrance/10.0.0.1:9104: r1", await _listener.NextAsync());
        Assert.Equal("message linkis-cg-entrance/10.0.0.1:9104: r2", await _listener.NextAsync());
    }

    [Fact]
    public async Task BackendCloses_ListenerToldConnectionDroppedAndNextMessageReopens()
    {
        using var pool = CreatePool();
        var target = Targets.Of("linkis-cg-entrance", "10.0.0.1:9104");
        await pool.SendAsync(target, Text("hello", "/api/rest_j/v1/entrance/execute"));
        var (_, backend) = await _backends.AcceptAsync();
        Assert.Equal("hello", await WebSocketPair.ReceiveTextAsync(backend));
        var connection = pool.Find(target.Key)!;

        await backend.CloseAsync((WebSocketCloseStatus)4001, "bye", CancellationToken.None);

        Assert.Equal("closed linkis-cg-entrance/10.0.0.1:9104 4001 bye", await _listener.NextAsync());
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("/api/rest_j/v1/entrance/execute", connection.LastMethod);
        Assert.Equal(0, pool.Count);
        Assert.Equal(WebSocketState.Closed, backend.State);

        await pool.SendAsync(target, Text("again"));
        var (_, reopened) = await _backends.AcceptAsync();
        Assert.Equal("again", await WebSocketPair.ReceiveTextAsync(reopened));
    }

    [Fact]
    public async Task CloseAll_ClosesEveryBackendWithStatusAndTellsListenerNothing()
    {
        var pool = CreatePool();
        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.1:9104"), Text("a"));
        await pool.SendAsync(Targets.Of("linkis-ps-publicservice", "10.0.0.3:9105"), Text("b"));
        var first = await _backends.AcceptAsync();
        var second = await _backends.AcceptAsync();
        Assert.NotNull(await WebSocketPair.ReceiveTextAsync(first.Backend));
        Assert.NotNull(await WebSocketPair.ReceiveTextAsync(second.Backend));

        var closing = pool.CloseAllAsync(WebSocketCloseStatus.NormalClosure, "client left");
        foreach (var backend in new[] { first.Backend, second.Backend })
        {
            Assert.Null(await WebSocketPair.ReceiveTextAsync(backend));
            Assert.Equal(WebSocketCloseStatus.NormalClosure, backend.CloseStatus);
            Assert.Equal("client left", backend.CloseStatusDescription);
            await backend.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client left", CancellationToken.None);
        }

        await closing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, pool.Count);
        Assert.True(pool.IsClosing);
        Assert.False(_listener.TryPeek(out _));
        Assert.False(await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.1:9104"), Text("late")));
        Assert.Same(closing, pool.CloseAllAsync(WebSocketCloseStatus.NormalClosure, null));
        pool.Dispose();
    }

    [Fact]
    public async Task CloseAll_WhileConnecting_ConnectCancelledNothingReported()
    {
        using var pool = CreatePool();
        _backends.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = Targets.Of("linkis-cg-entrance", "10.0.0.1:9104");
        await pool.SendAsync(target, Text("a"));

        await pool.CloseAllAsync(WebSocketCloseStatus.EndpointUnavailable, "gone").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(_listener.TryPeek(out _));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task CloseAll_BackendNeverAnswers_AbortedAfterCloseTimeout()
    {
        using var pool = CreatePool();
        var stub = new StubWebSocket();
        _backends.NextSocket = stub;
        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.1:9104"), Text("a"));
        await WaitForFirstSendAsync(stub);

        var closing = pool.CloseAllAsync(WebSocketCloseStatus.NormalClosure, null);
        Assert.False(closing.IsCompleted);

        _time.Advance(CloseTimeout);

        await closing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketState.Aborted, stub.State);
    }

    [Fact]
    public async Task Heartbeat_DeadBackend_EvictedAndListenerTold()
    {
        using var pool = CreatePool();
        var stub = new StubWebSocket();
        _backends.NextSocket = stub;
        var target = Targets.Of("linkis-cg-entrance", "10.0.0.1:9104");
        await pool.SendAsync(target, Text("a"));
        await WaitForFirstSendAsync(stub);

        _time.Advance(Heartbeat);
        Assert.Equal(1, pool.Count);

        stub.Die();
        _time.Advance(Heartbeat);

        Assert.Equal(0, pool.Count);
        Assert.Equal("closed linkis-cg-entrance/10.0.0.1:9104 1006 connection lost", await _listener.NextAsync());
    }

    [Fact]
    public async Task BackendMessageTooBig_BackendClosedWith1009AndListenerTold()
    {
        using var pool = CreatePool(maxMessageSize: 8);
        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.1:9104"), Text("a"));
        var (_, backend) = await _backends.AcceptAsync();
        Assert.Equal("a", await WebSocketPair.ReceiveTextAsync(backend));

        await WebSocketPair.SendTextAsync(backend, "0123456789");

        Assert.Null(await WebSocketPair.ReceiveTextAsync(backend));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, backend.CloseStatus);
        await backend.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, CancellationToken.None);
        Assert.Equal("closed linkis-cg-entrance/10.0.0.1:9104 1009 ", await _listener.NextAsync());
    }

    [Fact]
    public async Task FindInstance_PrefersOldestLiveConnectionOfApplication()
    {
        using var pool = CreatePool();
        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.2:9104"), Text("a"));
        await pool.SendAsync(Targets.Of("linkis-cg-entrance", "10.0.0.1:9104"), Text("b"));
        await pool.SendAsync(Targets.Of("linkis-ps-publicservice", "10.0.0.3:9105"), Text("c"));

        Assert.Equal("10.0.0.2:9104", pool.FindInstance("LINKIS-CG-ENTRANCE"));
        Assert.Equal("10.0.0.3:9105", pool.FindInstance("linkis-ps-publicservice"));
        Assert.Null(pool.FindInstance("linkis-cg-linkismanager"));
    }

    // The pool connects and sends on its own task; the message reaching the stub means the connection is in the pool.
    private static async Task WaitForFirstSendAsync(StubWebSocket stub)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (stub.Sent == 0)
        {
            Assert.False(timeout.IsCancellationRequested, "The pool never sent the first message to the backend.");
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
