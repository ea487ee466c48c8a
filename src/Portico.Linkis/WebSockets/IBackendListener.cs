namespace Portico.Linkis.WebSockets;

/// <summary>What a <see cref="LinkisBackendPool"/> tells the client connection it serves.</summary>
internal interface IBackendListener
{
    /// <summary>A backend sent <paramref name="message"/>; the listener owns it from here on.</summary>
    ValueTask OnMessageAsync(LinkisBackendConnection backend, PooledMessage message);

    /// <summary>
    /// The connection to <paramref name="backend"/> could not be opened; called once for every message that was waiting
    /// for it (<paramref name="method"/> is that message's), so that each gets an answer. Not called once the pool is closing.
    /// </summary>
    void OnConnectFailed(LinkisBackendConnection backend, string? method, Exception exception);

    /// <summary>
    /// An open backend connection ended on the backend's side (closed, lost or evicted as dead); <paramref name="closeCode"/>
    /// is 1006 when it was lost without a close frame. Not called once the pool is closing.
    /// </summary>
    void OnClosed(LinkisBackendConnection backend, int closeCode, string? reason);
}

/// <summary>Limits and timings of a <see cref="LinkisBackendPool"/>.</summary>
/// <param name="MaxMessageSize">Largest backend message relayed; a larger one closes that backend connection with 1009.</param>
/// <param name="CloseTimeout">Time a close handshake may take before the connection is aborted.</param>
/// <param name="Heartbeat">Period of the sweep that evicts dead backend connections.</param>
internal sealed record BackendPoolSettings(int MaxMessageSize, TimeSpan CloseTimeout, TimeSpan Heartbeat);
