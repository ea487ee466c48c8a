namespace Portico.Linkis.WebSockets;

/// <summary>
/// The open multiplexed WebSockets of the Linkis <c>ws</c> route. The user endpoints call <see cref="CloseUser"/> on
/// logout, so that a session's sockets end with it (Linkis tries to and fails, §5.2).
/// </summary>
public interface ILinkisWebSocketSessions
{
    /// <summary>The number of open client sockets.</summary>
    int Count { get; }

    /// <summary>
    /// Closes every socket opened with session ticket <paramref name="ticket"/>: each is sent a not-logged-in message
    /// (status -1), closed with 1000 and its backend connections closed. Returns how many were closed.
    /// </summary>
    int CloseUser(string ticket);
}
