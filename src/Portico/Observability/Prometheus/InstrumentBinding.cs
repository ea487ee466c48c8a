namespace Portico.Observability.Prometheus;

/// <summary>How an instrument's measurements change its series.</summary>
internal enum RecordMode
{
    /// <summary>Counters and up-down counters: add the increment.</summary>
    Add,

    /// <summary>Gauges and observable instruments: replace the value.</summary>
    Set,

    /// <summary>Histograms: count the value in its bucket.</summary>
    Observe,
}

/// <summary>The listener state of one instrument: the family it feeds and how.</summary>
internal sealed class InstrumentBinding(MetricFamily family, double scale, RecordMode mode, PrometheusCollector collector)
{
    public MetricFamily Family => family;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = family.Find(tags);
        if (series is null)
        {
            return;
        }

        value *= scale;
        switch (mode)
        {
            case RecordMode.Add:
                series.Add(value);
                break;
            case RecordMode.Set:
                series.Set(value, collector.Epoch);
                break;
            default:
                series.Observe(value, family.Bounds);
                break;
        }
    }
}
