using Microsoft.Extensions.Logging;

namespace Portico.Discovery;

// Discovery event ids: registry 1800-1819, leases and hosting 1820-1829, access 1830-1839, stores 1840-1849,
// Eureka API 1850-1859, Eureka client mode 1860-1879, native API 1880-1889.
internal sealed partial class ServiceRegistry
{
    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 1, Level = LogLevel.Information, Message = "Registered instance {InstanceId} of {App} at {Authority} through the {Source} API (replaced an earlier registration: {Replaced})")]
    private static partial void LogRegistered(ILogger logger, string app, string instanceId, string authority, string source, bool replaced);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 2, Level = LogLevel.Information, Message = "Instance {InstanceId} of {App} deregistered")]
    private static partial void LogCancelled(ILogger logger, string app, string instanceId);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 3, Level = LogLevel.Warning, Message = "Evicted instance {InstanceId} of {App}: no heartbeat since {LastHeartbeat} (lease {LeaseSeconds} s)")]
    private static partial void LogEvicted(ILogger logger, string app, string instanceId, DateTimeOffset lastHeartbeat, double leaseSeconds);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 4, Level = LogLevel.Debug, Message = "Heartbeat for unregistered instance {InstanceId} of {App}; the client should register again")]
    private static partial void LogRenewUnknown(ILogger logger, string app, string instanceId);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 5, Level = LogLevel.Information, Message = "Status of instance {InstanceId} of {App} overridden to {Status}")]
    private static partial void LogStatusOverridden(ILogger logger, string app, string instanceId, InstanceStatus status);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 6, Level = LogLevel.Information, Message = "Status override of instance {InstanceId} of {App} removed; status is {Status}")]
    private static partial void LogStatusOverrideCleared(ILogger logger, string app, string instanceId, InstanceStatus status);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 7, Level = LogLevel.Error, Message = "A registry change subscriber failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 8, Level = LogLevel.Warning, Message = "Skipped stored instance {InstanceId} of {App}: it is not a valid registration")]
    private static partial void LogRestoreSkipped(ILogger logger, string app, string instanceId);
}
