using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Portico.Logging;

namespace Portico.Linkis.WebSockets;

/// <summary>The Linkis WebSocket multiplexer's log messages (event ids 2800-2899). Messages name the connection by id.</summary>
internal static partial class LinkisWebSocketLog
{
    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 1, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId} opened on {Path} for user {User} (subprotocol '{SubProtocol}')")]
    public static partial void Opened(ILogger logger, long connectionId, string path, string? user, string? subProtocol);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 2, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId} ended after {Messages} message(s) from the client; close {CloseStatus}")]
    public static partial void Ended(ILogger logger, long connectionId, long messages, WebSocketCloseStatus? closeStatus);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 3, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId}: message {Method} routed to {Application} at {Instance}")]
    public static partial void Routed(ILogger logger, long connectionId, string method, string application, string instance);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 4, Level = LogLevel.Information, Message = "Linkis WebSocket {ConnectionId}: message {Method} answered by the gateway: {Message}")]
    public static partial void Answered(ILogger logger, long connectionId, string method, string? message);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 5, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId}: opened the backend connection to {Application} at {Instance} (subprotocol '{SubProtocol}')")]
    public static partial void BackendOpened(ILogger logger, long connectionId, string application, string instance, string? subProtocol);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 6, Level = LogLevel.Warning, Message = "Linkis WebSocket {ConnectionId}: could not connect to {Application} at {Instance}")]
    public static partial void BackendConnectFailed(ILogger logger, long connectionId, string application, string instance, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 7, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId}: the backend connection to {Application} at {Instance} closed with {CloseStatus} '{Reason}'")]
    public static partial void BackendClosed(ILogger logger, long connectionId, string application, string instance, int closeStatus, string? reason);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 8, Level = LogLevel.Information, Message = "Linkis WebSocket {ConnectionId}: the backend connection to {Application} at {Instance} was lost")]
    public static partial void BackendLost(ILogger logger, long connectionId, string application, string instance, Exception? exception);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 9, Level = LogLevel.Information, Message = "Linkis WebSocket {ConnectionId}: evicted the dead backend connection to {Application} at {Instance}")]
    public static partial void BackendEvicted(ILogger logger, long connectionId, string application, string instance);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 10, Level = LogLevel.Warning, Message = "Linkis WebSocket {ConnectionId}: a message from the {Side} exceeded {Limit} bytes; closing with 1009")]
    public static partial void MessageTooBig(ILogger logger, long connectionId, string side, long limit);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 11, Level = LogLevel.Warning, Message = "Linkis WebSocket {ConnectionId}: the client sent a frame over {Limit} bytes; closing with 1009")]
    public static partial void FrameTooBig(ILogger logger, long connectionId, long limit);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 12, Level = LogLevel.Information, Message = "Linkis WebSocket {ConnectionId}: the session is no longer logged in; closing")]
    public static partial void NotLoggedIn(ILogger logger, long connectionId);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 13, Level = LogLevel.Information, Message = "Closed {Count} Linkis WebSocket(s) of a session that logged out")]
    public static partial void LoggedOut(ILogger logger, int count);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 14, Level = LogLevel.Error, Message = "Linkis WebSocket {ConnectionId}: routing message {Method} failed unexpectedly")]
    public static partial void RoutingFailed(ILogger logger, long connectionId, string method, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 15, Level = LogLevel.Information, Message = "Closing {Count} Linkis WebSocket(s) with 1001: the gateway is shutting down")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 16, Level = LogLevel.Information, Message = "Linkis WebSocket {ConnectionId}: message {Method} asked for {Application} at {Requested}, not used ({Reason}); serving from {Instance} ({HeldBack} more not logged since the last such line)")]
    public static partial void Failover(ILogger logger, long connectionId, string method, string application, string requested, string reason, string instance, long heldBack);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 17, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId}: the close handshake with the {Side} did not finish within {CloseTimeout}; aborting")]
    public static partial void CloseTimedOut(ILogger logger, long connectionId, string side, TimeSpan closeTimeout);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 18, Level = LogLevel.Debug, Message = "Linkis WebSocket {ConnectionId}: the client connection was lost")]
    public static partial void ClientLost(ILogger logger, long connectionId, Exception? exception);

    [LoggerMessage(EventId = EventIdRanges.LinkisWebSockets + 19, Level = LogLevel.Information, Message = "Linkis WebSocket handshake on {Path} refused with {Status}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string path, int status, string reason);
}
