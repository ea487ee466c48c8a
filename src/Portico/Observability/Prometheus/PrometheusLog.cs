using Microsoft.Extensions.Logging;

namespace Portico.Observability.Prometheus;

/// <summary>Log messages of the Prometheus exposition.</summary>
internal static partial class PrometheusLog
{
    [LoggerMessage(EventId = Logging.EventIdRanges.Observability + 10, Level = LogLevel.Warning, Message = "Metric {Metric} reached its limit of {Limit} label sets; measurements with new label values are dropped. Turn off high-cardinality tags such as the path tag.")]
    public static partial void SeriesLimitReached(ILogger logger, string metric, int limit);

    [LoggerMessage(EventId = Logging.EventIdRanges.Observability + 11, Level = LogLevel.Warning, Message = "Instrument {Instrument} of meter {Meter} maps to metric {Metric}, which already exists as a {ExistingType}; it is not exported")]
    public static partial void NameConflict(ILogger logger, string instrument, string meter, string metric, string existingType);

    [LoggerMessage(EventId = Logging.EventIdRanges.Observability + 12, Level = LogLevel.Warning, Message = "An observable instrument failed while being read for a scrape")]
    public static partial void ObserveFailed(ILogger logger, Exception exception);
}
