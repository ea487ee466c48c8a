using System.Net.WebSockets;
using System.Threading.Channels;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// One backend WebSocket of a multiplexed client socket (Linkis's <c>ProxyGatewayWebSocketSession</c>), keyed by
/// application and instance. Messages for it queue in order from the moment it is created, while it connects; one loop
/// sends them, another relays whatever the backend sends to the client. A close from either side is carried through a
/// close handshake bounded by the close timeout.
/// </summary>
internal sealed class LinkisBackendConnection
{
    /// <summary>Messages that may wait for a backend before the client's reads are held back.</summary>
    internal const int QueueCapacity = 64;

    internal const string MessageTooBigReason = "Message too big.";
    internal const int LostCloseCode = 1006;
    internal const string LostReason = "connection lost";

    private readonly LinkisBackendPool _pool;
    private readonly Channel<PooledMessage> _queue = Channel.CreateBounded<PooledMessage>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket? _socket;
    private bool _closeRequested;
    private WebSocketCloseStatus _closeStatus;
    private string? _closeReason;
    private ITimer? _closeTimer;
    private string? _lastMethod;
    private bool _evicted;

    public LinkisBackendConnection(LinkisBackendPool pool, BackendTarget target, long sequence)
    {
        _pool = pool;
        Target = target;
        Sequence = sequence;
    }

    public BackendTarget Target { get; }

    public BackendKey Key => Target.Key;

    /// <summary>Opening order within the pool: older connections are preferred for messages that name no instance.</summary>
    public long Sequence { get; }

    /// <summary>The socket once connected.</summary>
    public WebSocket? Socket => Volatile.Read(ref _socket);

    /// <summary>The <c>method</c> of the last message sent to the backend, or null.</summary>
    public string? LastMethod => Volatile.Read(ref _lastMethod);

    /// <summary>Completes when the connection has ended and released everything; never faults.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Whether messages are still taken (no close has begun).</summary>
    public bool IsAccepting
    {
        get
        {
            lock (_lock)
            {
                return !_closeRequested;
            }
        }
    }

    /// <summary>Whether the socket is gone (aborted, or closed) while the connection is still registered.</summary>
    internal bool IsDead => Socket is { State: WebSocketState.Aborted or WebSocketState.Closed };

    internal void Start() => _ = RunAsync();

    /// <summary>Queues <paramref name="message"/>, waiting while the queue is full; false when the connection is closing (the caller keeps the message).</summary>
    public async ValueTask<bool> EnqueueAsync(PooledMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Begins closing with <paramref name="status"/> once the queued messages are sent; idempotent.</summary>
    public void RequestClose(WebSocketCloseStatus status, string? reason)
    {
        lock (_lock)
        {
            if (_closeRequested)
            {
                return;
            }

            _closeRequested = true;
            _closeStatus = status;
            _closeReason = status == WebSocketCloseStatus.Empty ? null : reason;
        }

        _queue.Writer.TryComplete();
        StartCloseTimer();
    }

    /// <summary>Drops a connection found dead: aborts the socket so that its loops end and the client is told.</summary>
    internal void Evict()
    {
        Volatile.Write(ref _evicted, true);
        Socket?.Abort();
    }

    private async Task RunAsync()
    {
        try
        {
            await ConnectAndRelayAsync();
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    private async Task ConnectAndRelayAsync()
    {
        WebSocket socket;
        try
        {
            socket = await _pool.ConnectAsync(Target);
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _closeRequested = true;
            }

            _queue.Writer.TryComplete();
            _pool.OnConnectFailed(this, ex);
            while (_queue.Reader.TryRead(out var waiting))
            {
                _pool.NotifyConnectFailed(this, waiting.Method, ex);
                waiting.Return();
            }

            return;
        }

        Volatile.Write(ref _socket, socket);
        _pool.OnOpened(this);
        var ended = (Code: LostCloseCode, Reason: (string?)LostReason, Failure: (Exception?)null);
        try
        {
            var receiving = ReceiveLoopAsync(socket);
            await SendLoopAsync(socket);
            ended = await receiving;
        }
        finally
        {
            _closeTimer?.Dispose();
            socket.Dispose();
            while (_queue.Reader.TryRead(out var unsent))
            {
                unsent.Return();
            }

            _pool.OnEnded(this, ended.Code, ended.Reason, ended.Failure, Volatile.Read(ref _evicted));
        }
    }

    /// <summary>Sends the queued messages in order; when the queue is completed, sends the close frame.</summary>
    private async Task SendLoopAsync(WebSocket socket)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    try
                    {
                        await socket.SendAsync(message.Memory, message.Type, endOfMessage: true, CancellationToken.None);
                        Volatile.Write(ref _lastMethod, message.Method);
                    }
                    finally
                    {
                        message.Return();
                    }
                }
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                WebSocketCloseStatus status;
                string? reason;
                lock (_lock)
                {
                    status = _closeStatus;
                    reason = _closeReason;
                }

                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
        }
        catch
        {
            // The backend is gone; the receive loop reports it.
            socket.Abort();
        }
    }

    /// <summary>Relays the backend's messages to the client until the backend closes or is lost.</summary>
    private async Task<(int Code, string? Reason, Exception? Failure)> ReceiveLoopAsync(WebSocket socket)
    {
        var discarding = false;
        try
        {
            while (true)
            {
                var (status, message) = await MessageReader.ReadAsync(socket, _pool.Settings.MaxMessageSize, frames: null);
                switch (status)
                {
                    case MessageReadStatus.Closed:
                        var closeStatus = socket.CloseStatus ?? WebSocketCloseStatus.Empty;
                        var reason = socket.CloseStatusDescription;

                        // Answer the backend's close (or end ours, if we began): the send loop sends the close frame.
                        RequestClose(closeStatus, reason);
                        return ((int)closeStatus, reason, null);

                    case MessageReadStatus.TooBig:
                        _pool.OnMessageTooBig(this);
                        discarding = true;
                        RequestClose(WebSocketCloseStatus.MessageTooBig, MessageTooBigReason);
                        break;

                    default:
                        if (discarding)
                        {
                            message.Return();
                        }
                        else
                        {
                            await _pool.Listener.OnMessageAsync(this, message);
                        }

                        break;
                }
            }
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _closeRequested = true;
            }

            _queue.Writer.TryComplete();
            socket.Abort();
            return (LostCloseCode, LostReason, ex);
        }
    }

    private void StartCloseTimer()
    {
        if (Volatile.Read(ref _closeTimer) is not null)
        {
            return;
        }

        var timer = _pool.Time.CreateTimer(static state => ((LinkisBackendConnection)state!).OnCloseTimeout(), this, _pool.Settings.CloseTimeout, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _closeTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private void OnCloseTimeout()
    {
        if (Completion.IsCompleted || Socket is not { } socket)
        {
            return;
        }

        _pool.OnCloseTimedOut(this);
        socket.Abort();
    }
}
