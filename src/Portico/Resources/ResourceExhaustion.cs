using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Portico.Resources;

/// <summary>
/// Where the gateway ran out of something it cannot make more of (file descriptors, socket buffers, memory): counted
/// in <c>portico.resource.exhausted</c> and logged at most once per <see cref="LogInterval"/> with how often it
/// happened since, so a flood of refused work never becomes a flood of log lines.
/// </summary>
public sealed partial class ResourceExhaustion
{
    /// <summary>The shortest time between two log lines about exhaustion.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly ILogger<ResourceExhaustion> _logger;
    private readonly Counter<long>? _exhausted;
    private readonly Lock _lock = new();
    private long _nextLogAt;
    private long _suppressed;

    /// <summary>Creates the reporter; without a meter factory nothing is counted.</summary>
    public ResourceExhaustion(TimeProvider time, ILogger<ResourceExhaustion> logger, IMeterFactory? meterFactory = null)
    {
        _time = time;
        _logger = logger;
        _exhausted = meterFactory?.Create(Observability.PorticoMetrics.MeterName).CreateCounter<long>(
            "portico.resource.exhausted",
            unit: "{event}",
            description: "Work the gateway refused or delayed because a process resource ran out (resource: file-descriptors, memory, websocket-slots; operation: accept, upstream-connect, upgrade).");
    }

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the process ran out of descriptors, socket buffers or memory.</summary>
    public static bool IsExhaustion(Exception? exception) => Classify(exception) is not null;

    /// <summary>The exhausted resource named by <paramref name="exception"/> or its inner exceptions, or null.</summary>
    public static string? Classify(Exception? exception)
    {
        for (var (e, depth) = (exception, 0); e is not null && depth < 8; e = e.InnerException, depth++)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.TooManyOpenSockets }:
                    return "file-descriptors";
                case SocketException { SocketErrorCode: SocketError.NoBufferSpaceAvailable }:
                case OutOfMemoryException or InsufficientMemoryException:
                    return "memory";
                case IOException io when (io.HResult & 0xFFFF) is Emfile or Enfile:
                    return "file-descriptors";
            }
        }

        return null;
    }

    /// <summary>Counts one refusal and logs it unless a line went out within <see cref="LogInterval"/>.</summary>
    /// <param name="resource">What ran out (<c>file-descriptors</c>, <c>memory</c>).</param>
    /// <param name="operation">What could not be done (<c>accept</c>, <c>upstream-connect</c>).</param>
    public void Report(string resource, string operation)
    {
        _exhausted?.Add(1, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("operation", operation));
        var now = _time.GetTimestamp();
        long suppressed;
        lock (_lock)
        {
            if (now < _nextLogAt)
            {
                _suppressed++;
                return;
            }

            suppressed = _suppressed;
            _suppressed = 0;
            _nextLogAt = now + (long)(LogInterval.TotalSeconds * _time.TimestampFrequency);
        }

        LogExhausted(_logger, resource, operation, suppressed);
    }

    private const int Emfile = 24;
    private const int Enfile = 23;

    [LoggerMessage(EventId = Logging.EventIdRanges.Resources + 1, Level = LogLevel.Warning,
        Message = "Out of {Resource} during {Operation}: new work is refused until some is released ({Suppressed} more since the last report). Limits in force: the process descriptor limit (ulimit -n) and Kestrel:Limits:MaxConcurrentConnections and MaxConcurrentUpgradedConnections.")]
    private static partial void LogExhausted(ILogger logger, string resource, string operation, long suppressed);
}
