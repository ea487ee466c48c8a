using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portico.WebSockets;

/// <summary>
/// Tracks the open proxied WebSockets so that the gateway can close them gracefully when it stops: every open socket is
/// closed with 1001 ("Gateway shutting down") on both legs, and the server stops once the close handshakes have ended.
/// </summary>
internal sealed class WebSocketSessionTracker(IHostApplicationLifetime lifetime, ILogger<WebSocketSessionTracker> logger) : WebSocketShutdown(lifetime)
{
    private readonly Lock _lock = new();
    private readonly HashSet<WebSocketRelay> _sessions = [];
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

    /// <inheritdoc />
    internal override void BeginShutdown()
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

        CompleteWhenClosed(closing);
    }
}
