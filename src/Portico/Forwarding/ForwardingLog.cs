using Microsoft.Extensions.Logging;

namespace Portico.Forwarding;

/// <summary>The forwarder's log messages, with event ids from <see cref="Logging.EventIdRanges.Forwarding"/>.</summary>
internal static partial class ForwardingLog
{
    [LoggerMessage(EventId = Logging.EventIdRanges.Forwarding + 1, Level = LogLevel.Information,
        Message = "Created upstream HTTP client (connect timeout {ConnectTimeout}, idle timeout {IdleTimeout}, lifetime {Lifetime}, max connections {MaxConnections}, accept any certificate {AcceptAnyCertificate})")]
    public static partial void ClientCreated(ILogger logger, TimeSpan connectTimeout, TimeSpan idleTimeout, TimeSpan lifetime, int maxConnections, bool acceptAnyCertificate);

    [LoggerMessage(EventId = Logging.EventIdRanges.Forwarding + 2, Level = LogLevel.Debug,
        Message = "{Method} to {Authority} failed on a connection the upstream closed; retrying once on a fresh connection")]
    public static partial void RetryingStaleConnection(ILogger logger, string method, string authority, Exception exception);

    [LoggerMessage(EventId = Logging.EventIdRanges.Forwarding + 3, Level = LogLevel.Debug,
        Message = "{Method} to {Authority} failed: {Status} {Detail}")]
    public static partial void RequestFailed(ILogger logger, string method, string authority, int status, string detail);

    [LoggerMessage(EventId = Logging.EventIdRanges.Forwarding + 4, Level = LogLevel.Debug,
        Message = "Client went away while the response from {Authority} was being relayed")]
    public static partial void ClientGoneDuringResponse(ILogger logger, string authority);

    [LoggerMessage(EventId = Logging.EventIdRanges.Forwarding + 5, Level = LogLevel.Debug,
        Message = "Upstream {Authority} failed after {Bytes} response body bytes were relayed")]
    public static partial void ResponseBodyFailed(ILogger logger, string authority, long bytes, Exception exception);
}
