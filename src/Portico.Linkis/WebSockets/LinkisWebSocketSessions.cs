using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// Tracks the open multiplexed sockets: closes a session's sockets on logout, and when the gateway stops closes every
/// socket with 1001 and waits (each close bounded by its close timeout) before the server goes down.
/// </summary>
internal sealed class LinkisWebSocketSessions(IHostApplicationLifetime lifetime, ILogger<LinkisWebSocketSessions> logger)
    : WebSocketShutdown(lifetime), ILinkisWebSocketSessions
{
    private readonly ConcurrentDictionary<long, LinkisWebSocketConnection> _connections = new();
    private long _nextId;
    private int _stopping;

    /// <summary>Whether the gateway has begun stopping; new sockets are then refused.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    public int Count => _connections.Count;

    /// <summary>A new connection id.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Tracks <paramref name="connection"/>; when the gateway is already stopping it is closed at once.</summary>
    public void Add(LinkisWebSocketConnection connection)
    {
        _connections[connection.Id] = connection;
        if (IsStopping)
        {
            _ = connection.CloseForShutdown();
        }
    }

    public void Remove(LinkisWebSocketConnection connection) => _connections.TryRemove(connection.Id, out _);

    public int CloseUser(string ticket)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        var closed = 0;
        foreach (var connection in _connections.Values)
        {
            if (string.Equals(connection.Ticket, ticket, StringComparison.Ordinal))
            {
                connection.CloseForLogout();
                closed++;
            }
        }

        if (closed > 0)
        {
            LinkisWebSocketLog.LoggedOut(logger, closed);
        }

        return closed;
    }

    /// <inheritdoc />
    internal override void BeginShutdown()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        var connections = _connections.Values.ToArray();
        if (connections.Length > 0)
        {
            LinkisWebSocketLog.ShuttingDown(logger, connections.Length);
        }

        var closing = new Task[connections.Length];
        for (var i = 0; i < connections.Length; i++)
        {
            closing[i] = connections[i].CloseForShutdown();
        }

        CompleteWhenClosed(closing);
    }
}
