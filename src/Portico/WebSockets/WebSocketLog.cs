using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Portico.Logging;

namespace Portico.WebSockets;

/// <summary>The WebSocket proxy's log messages (event ids 1300-1399).</summary>
internal static partial class WebSocketLog
{
    [LoggerMessage(EventId = EventIdRanges.WebSockets + 1, Level = LogLevel.Debug, Message = "Route {RouteId}: WebSocket proxied to {Upstream} (subprotocol '{SubProtocol}')")]
    public static partial void Connected(ILogger logger, string routeId, string upstream, string? subProtocol);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 2, Level = LogLevel.Debug, Message = "Route {RouteId}: the {Side} closed the WebSocket with {CloseStatus} '{Reason}'")]
    public static partial void PeerClosed(ILogger logger, string routeId, string side, int closeStatus, string? reason);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 3, Level = LogLevel.Debug, Message = "Route {RouteId}: WebSocket handshake with {Upstream} failed")]
    public static partial void HandshakeFailed(ILogger logger, string routeId, string upstream, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 4, Level = LogLevel.Debug, Message = "Route {RouteId}: the {Side} WebSocket connection was lost")]
    public static partial void ConnectionLost(ILogger logger, string routeId, string side, Exception? exception);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 5, Level = LogLevel.Warning, Message = "Route {RouteId}: a message from the {Side} exceeded {MaxMessageSize} bytes; closing both legs with 1009")]
    public static partial void MessageTooBig(ILogger logger, string routeId, string side, int maxMessageSize);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 6, Level = LogLevel.Information, Message = "Closing {Count} proxied WebSocket(s) with 1001: the gateway is shutting down")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 7, Level = LogLevel.Debug, Message = "Route {RouteId}: the WebSocket close handshake did not finish within {CloseTimeout}; aborting both legs")]
    public static partial void CloseTimedOut(ILogger logger, string routeId, TimeSpan closeTimeout);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 8, Level = LogLevel.Debug, Message = "Route {RouteId}: WebSocket ended after {ClientToUpstream} message(s) to the upstream and {UpstreamToClient} to the client; close {CloseStatus}")]
    public static partial void Ended(ILogger logger, string routeId, long clientToUpstream, long upstreamToClient, WebSocketCloseStatus? closeStatus);

    [LoggerMessage(EventId = EventIdRanges.WebSockets + 9, Level = LogLevel.Debug, Message = "Route {RouteId}: could not send the close frame to the {Side}")]
    public static partial void CloseFailed(ILogger logger, string routeId, string side, Exception exception);
}
