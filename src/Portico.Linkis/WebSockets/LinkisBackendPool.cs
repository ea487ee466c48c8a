using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// The backend connections of one client socket (Linkis's <c>GatewayWebSocketSessionConnection</c>), keyed by
/// application and instance. Creation is serialised per key: the first message for a key creates its connection and
/// every later one queues behind it, so two messages racing for the same backend never open two connections (Linkis's
/// 13001). A connection that ends is dropped and the client told; the next message for its key opens a new one. A
/// heartbeat sweep evicts connections whose socket died, and closing the pool closes every connection.
/// </summary>
internal sealed class LinkisBackendPool : IDisposable
{
    private readonly Dictionary<BackendKey, LinkisBackendConnection> _backends = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Func<BackendTarget, CancellationToken, Task<WebSocket>> _connect;
    private readonly ILogger _logger;
    private readonly LinkisWebSocketMetrics? _metrics;
    private TaskCompletionSource? _closed;
    private ITimer? _heartbeat;
    private long _sequence;

    public LinkisBackendPool(
        long connectionId,
        Func<BackendTarget, CancellationToken, Task<WebSocket>> connect,
        IBackendListener listener,
        BackendPoolSettings settings,
        TimeProvider time,
        ILogger logger,
        LinkisWebSocketMetrics? metrics = null)
    {
        ConnectionId = connectionId;
        _connect = connect;
        Listener = listener;
        Settings = settings;
        Time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public long ConnectionId { get; }

    public IBackendListener Listener { get; }

    public BackendPoolSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>The number of registered backend connections (connecting or open).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _backends.Count;
            }
        }
    }

    /// <summary>Whether <see cref="CloseAllAsync"/> has been called.</summary>
    public bool IsClosing => Volatile.Read(ref _closed) is not null;

    /// <summary>
    /// Sends <paramref name="message"/> to the connection of <paramref name="target"/>'s key, creating it when there is
    /// none (or only one that is closing). Takes ownership of the message; false when the pool is closing and the message
    /// was dropped.
    /// </summary>
    public async ValueTask<bool> SendAsync(BackendTarget target, PooledMessage message)
    {
        // A connection found closing between the lookup and the enqueue is replaced once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (GetOrCreate(target) is not { } backend)
            {
                break;
            }

            if (await backend.EnqueueAsync(message, _lifetime.Token))
            {
                return true;
            }
        }

        message.Return();
        return false;
    }

    /// <summary>The instance of the oldest live connection to <paramref name="application"/>, or null.</summary>
    public string? FindInstance(string application)
    {
        lock (_lock)
        {
            LinkisBackendConnection? oldest = null;
            foreach (var backend in _backends.Values)
            {
                if (string.Equals(backend.Key.Application, application, StringComparison.OrdinalIgnoreCase)
                    && backend.IsAccepting
                    && (oldest is null || backend.Sequence < oldest.Sequence))
                {
                    oldest = backend;
                }
            }

            return oldest?.Key.Instance;
        }
    }

    /// <summary>The registered connection of <paramref name="key"/>, or null.</summary>
    public LinkisBackendConnection? Find(BackendKey key)
    {
        lock (_lock)
        {
            return _backends.GetValueOrDefault(key);
        }
    }

    /// <summary>Evicts the connections whose socket has died; run by the heartbeat.</summary>
    public int EvictDead()
    {
        List<LinkisBackendConnection>? dead = null;
        lock (_lock)
        {
            foreach (var backend in _backends.Values)
            {
                if (backend.IsDead)
                {
                    (dead ??= []).Add(backend);
                }
            }

            if (dead is null)
            {
                return 0;
            }

            foreach (var backend in dead)
            {
                _backends.Remove(backend.Key);
            }
        }

        foreach (var backend in dead)
        {
            LinkisWebSocketLog.BackendEvicted(_logger, ConnectionId, backend.Key.Application, backend.Key.Instance);
            backend.Evict();
        }

        return dead.Count;
    }

    /// <summary>
    /// Closes every connection with <paramref name="status"/> (the client has gone), cancels those still connecting and
    /// completes when all have ended. Idempotent: later calls return the first call's task.
    /// </summary>
    public Task CloseAllAsync(WebSocketCloseStatus status, string? reason)
    {
        LinkisBackendConnection[] backends;
        TaskCompletionSource closed;
        lock (_lock)
        {
            if (_closed is not null)
            {
                return _closed.Task;
            }

            _closed = closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            backends = [.. _backends.Values];
            _backends.Clear();
            _heartbeat?.Dispose();
            _heartbeat = null;
        }

        _ = CloseAsync(backends, status, reason, closed);
        return closed.Task;
    }

    /// <summary>Releases the pool's timer and token once <see cref="CloseAllAsync"/> has completed.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _heartbeat?.Dispose();
            _heartbeat = null;
        }

        _lifetime.Dispose();
    }

    internal Task<WebSocket> ConnectAsync(BackendTarget target) => _connect(target, _lifetime.Token);

    internal void OnOpened(LinkisBackendConnection backend)
    {
        LinkisWebSocketLog.BackendOpened(_logger, ConnectionId, backend.Key.Application, backend.Key.Instance, backend.Socket?.SubProtocol);
        _metrics?.BackendOpened(backend.Key.Application);
    }

    internal void OnConnectFailed(LinkisBackendConnection backend, Exception exception)
    {
        Detach(backend);
        if (!_lifetime.IsCancellationRequested)
        {
            LinkisWebSocketLog.BackendConnectFailed(_logger, ConnectionId, backend.Key.Application, backend.Key.Instance, exception);
        }
    }

    internal void NotifyConnectFailed(LinkisBackendConnection backend, string? method, Exception exception)
    {
        if (!IsClosing)
        {
            Listener.OnConnectFailed(backend, method, exception);
        }
    }

    internal void OnMessageTooBig(LinkisBackendConnection backend) =>
        LinkisWebSocketLog.MessageTooBig(_logger, ConnectionId, backend.Key.Application, Settings.MaxMessageSize);

    internal void OnCloseTimedOut(LinkisBackendConnection backend) =>
        LinkisWebSocketLog.CloseTimedOut(_logger, ConnectionId, backend.Key.Application, Settings.CloseTimeout);

    internal void OnEnded(LinkisBackendConnection backend, int closeCode, string? reason, Exception? failure, bool evicted)
    {
        Detach(backend);
        _metrics?.BackendClosed(backend.Key.Application);
        if (failure is not null || evicted)
        {
            LinkisWebSocketLog.BackendLost(_logger, ConnectionId, backend.Key.Application, backend.Key.Instance, failure);
        }
        else
        {
            LinkisWebSocketLog.BackendClosed(_logger, ConnectionId, backend.Key.Application, backend.Key.Instance, closeCode, reason);
        }

        if (!IsClosing)
        {
            Listener.OnClosed(backend, closeCode, reason);
        }
    }

    private LinkisBackendConnection? GetOrCreate(BackendTarget target)
    {
        LinkisBackendConnection created;
        lock (_lock)
        {
            if (_closed is not null)
            {
                return null;
            }

            if (_backends.TryGetValue(target.Key, out var existing) && existing.IsAccepting)
            {
                return existing;
            }

            created = new LinkisBackendConnection(this, target, ++_sequence);
            _backends[target.Key] = created;
            _heartbeat ??= Time.CreateTimer(static state => ((LinkisBackendPool)state!).EvictDead(), this, Settings.Heartbeat, Settings.Heartbeat);
        }

        // Only the creator starts it, outside the lock: the connect may complete synchronously and call back into the pool.
        created.Start();
        return created;
    }

    private void Detach(LinkisBackendConnection backend)
    {
        lock (_lock)
        {
            if (_backends.TryGetValue(backend.Key, out var registered) && ReferenceEquals(registered, backend))
            {
                _backends.Remove(backend.Key);
            }
        }
    }

    private async Task CloseAsync(LinkisBackendConnection[] backends, WebSocketCloseStatus status, string? reason, TaskCompletionSource closed)
    {
        foreach (var backend in backends)
        {
            backend.RequestClose(status, reason);
        }

        // Ends connects still under way and frees senders waiting for queue space.
        await _lifetime.CancelAsync();
        var completions = new Task[backends.Length];
        for (var i = 0; i < backends.Length; i++)
        {
            completions[i] = backends[i].Completion;
        }

        // Completions never fault; each is bounded by its close timeout.
        await Task.WhenAll(completions);
        closed.TrySetResult();
    }
}
