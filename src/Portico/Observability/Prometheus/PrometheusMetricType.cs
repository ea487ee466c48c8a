namespace Portico.Observability.Prometheus;

/// <summary>The Prometheus metric types the exposition writes.</summary>
internal enum PrometheusMetricType
{
    /// <summary>A monotonic total: counters and observable counters.</summary>
    Counter,

    /// <summary>A current value: gauges and (observable) up-down counters.</summary>
    Gauge,

    /// <summary>Cumulative buckets, sum and count of histogram measurements.</summary>
    Histogram,
}
