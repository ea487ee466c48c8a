using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portico.WebSockets;

/// <summary>
/// Tracks the open proxied WebSockets so that the gateway can close them gracefully when it stops: on
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/> every open socket is closed with 1001 ("Gateway shutting
/// down") on both legs, and <see cref="StopAsync"/> waits for the close handshakes (each bounded by its close timeout)
/// before the server is stopped and would cut the connections.
/// </summary>
internal sealed class WebSocketSessionTracker(IHostApplicationLifetime lifetime, ILogger<WebSocketSessionTracker> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<WebSocketRelay> _sessions = [];
    private CancellationTokenRegistration _stoppingRegistration;
    private readonly TaskCompletionSource _shutdownCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopping;

    /// <summary>Whether the gateway has begun stopping; new WebSockets are then refused.</summary>
    public bool IsStopping
    {
        get
        {
            lock (_lock)
            {
                return _stopping;
            }
        }
    }

    /// <summary>The number of open proxied WebSockets.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Tracks <paramref name="relay"/>; when the gateway is already stopping it is closed with 1001 at once.</summary>
    public void Add(WebSocketRelay relay)
    {
        lock (_lock)
        {
            _sessions.Add(relay);
            if (!_stopping)
            {
                return;
            }
        }

        _ = relay.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, WebSocketRelay.ShutdownReason);
    }

    /// <summary>Stops tracking <paramref name="relay"/>.</summary>
    public void Remove(WebSocketRelay relay)
    {
        lock (_lock)
        {
            _sessions.Remove(relay);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stoppingRegistration = lifetime.ApplicationStopping.Register(static state => ((WebSocketSessionTracker)state!).BeginShutdown(), this);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginShutdown();
        try
        {
            await _shutdownCompleted.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout has passed; the server aborts what is left.
        }
    }

    public void Dispose() => _stoppingRegistration.Dispose();

    /// <summary>Closes every open socket with 1001; idempotent.</summary>
    internal void BeginShutdown()
    {
        WebSocketRelay[] sessions;
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            sessions = [.. _sessions];
        }

        if (sessions.Length > 0)
        {
            WebSocketLog.ShuttingDown(logger, sessions.Length);
        }

        var closing = new Task[sessions.Length];
        for (var i = 0; i < sessions.Length; i++)
        {
            closing[i] = sessions[i].CloseAsync(WebSocketCloseStatus.EndpointUnavailable, WebSocketRelay.ShutdownReason);
        }

        _ = CompleteWhenClosedAsync(closing);
    }

    private async Task CompleteWhenClosedAsync(Task[] closing)
    {
        // Relay completions never fault; they end once both legs are closed or the close timeout aborted them.
        await Task.WhenAll(closing);
        _shutdownCompleted.TrySetResult();
    }
}
