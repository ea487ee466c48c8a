using System.Buffers;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Portico.Observability.Prometheus;

/// <summary>
/// Aggregates the measurements of Portico's meters (every meter whose name starts with
/// <see cref="PorticoMetrics.MeterName"/>, so later features' instruments appear without registration) and writes
/// them in the Prometheus text exposition format 0.0.4. Only meters created by this host's
/// <see cref="IMeterFactory"/>, and unscoped process-wide meters, are collected, so two gateways in one process keep
/// separate numbers.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    /// <summary>The content type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Label sets kept per metric before new ones are dropped (OpenTelemetry's default cardinality limit).</summary>
    public const int DefaultMaxSeriesPerMetric = 2000;

    /// <summary>Histogram bounds for instruments that advise none and are not durations (OpenTelemetry's defaults).</summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly IMeterFactory _meterFactory;
    private readonly ILogger _logger;
    private readonly int _maxSeriesPerMetric;
    private readonly MeterListener _listener;
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _familiesGate = new();
    private readonly Lock _scrapeGate = new();
    private long _epoch;

    public PrometheusCollector(IMeterFactory meterFactory, ILogger<PrometheusCollector> logger)
        : this(meterFactory, logger, DefaultMaxSeriesPerMetric)
    {
    }

    internal PrometheusCollector(IMeterFactory meterFactory, ILogger logger, int maxSeriesPerMetric)
    {
        _meterFactory = meterFactory;
        _logger = logger;
        _maxSeriesPerMetric = maxSeriesPerMetric;
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>The current scrape number; observable instruments stamp the series they report with it.</summary>
    internal long Epoch => Volatile.Read(ref _epoch);

    /// <summary>Reads the observable instruments and writes every metric with at least one series.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        lock (_scrapeGate)
        {
            var epoch = Interlocked.Increment(ref _epoch);
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception ex)
            {
                // One failing callback must not take the whole scrape down; the others have been recorded.
                PrometheusLog.ObserveFailed(_logger, ex);
            }

            MetricFamily[] families;
            lock (_familiesGate)
            {
                families = [.. _families.Values];
            }

            Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var writer = new Utf8TextWriter(output);
            foreach (var family in families)
            {
                var series = family.Snapshot(epoch);
                if (series.Length > 0)
                {
                    WriteFamily(writer, family, series);
                }
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private static void WriteFamily(Utf8TextWriter writer, MetricFamily family, MetricSeries[] series)
    {
        writer.Write("# HELP ");
        writer.Write(family.Name);
        writer.Write(' ');
        writer.Write(family.Help);
        writer.Write("\n# TYPE ");
        writer.Write(family.Name);
        writer.Write(family.Type switch
        {
            PrometheusMetricType.Counter => " counter\n",
            PrometheusMetricType.Gauge => " gauge\n",
            _ => " histogram\n",
        });

        if (family.Type != PrometheusMetricType.Histogram)
        {
            foreach (var s in series)
            {
                WriteSample(writer, family.Name, "", s.Labels, null);
                writer.Write(s.Value);
                writer.Write('\n');
            }

            return;
        }

        Span<long> buckets = stackalloc long[family.Bounds.Length + 1];
        foreach (var s in series)
        {
            // Buckets first: the count is derived from them, so the +Inf bucket always equals _count.
            s.CopyBuckets(buckets);
            var cumulative = 0L;
            for (var i = 0; i < family.Bounds.Length; i++)
            {
                cumulative += buckets[i];
                WriteSample(writer, family.Name, "_bucket", s.Labels, family.BoundTexts[i]);
                writer.Write(cumulative);
                writer.Write('\n');
            }

            cumulative += buckets[^1];
            WriteSample(writer, family.Name, "_bucket", s.Labels, "+Inf");
            writer.Write(cumulative);
            writer.Write('\n');
            WriteSample(writer, family.Name, "_sum", s.Labels, null);
            writer.Write(s.Sum);
            writer.Write('\n');
            WriteSample(writer, family.Name, "_count", s.Labels, null);
            writer.Write(cumulative);
            writer.Write('\n');
        }
    }

    private static void WriteSample(Utf8TextWriter writer, string name, string suffix, string labels, string? le)
    {
        writer.Write(name);
        writer.Write(suffix);
        if (labels.Length > 0 || le is not null)
        {
            writer.Write('{');
            writer.Write(labels);
            if (le is not null)
            {
                writer.Write(labels.Length > 0 ? ",le=\"" : "le=\"");
                writer.Write(le);
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!meter.Name.StartsWith(PorticoMetrics.MeterName, StringComparison.Ordinal))
        {
            return;
        }

        // A meter of another host's factory belongs to that host's exposition; unscoped meters are process-wide.
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return;
        }

        var binding = Bind(instrument);
        if (binding is not null)
        {
            listener.EnableMeasurementEvents(instrument, binding);
        }
    }

    private InstrumentBinding? Bind(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        PrometheusMetricType metricType;
        RecordMode mode;
        if (definition == typeof(Counter<>))
        {
            (metricType, mode) = (PrometheusMetricType.Counter, RecordMode.Add);
        }
        else if (definition == typeof(UpDownCounter<>))
        {
            (metricType, mode) = (PrometheusMetricType.Gauge, RecordMode.Add);
        }
        else if (definition == typeof(Histogram<>))
        {
            (metricType, mode) = (PrometheusMetricType.Histogram, RecordMode.Observe);
        }
        else if (definition == typeof(ObservableCounter<>))
        {
            (metricType, mode) = (PrometheusMetricType.Counter, RecordMode.Set);
        }
        else if (definition == typeof(Gauge<>) || definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            (metricType, mode) = (PrometheusMetricType.Gauge, RecordMode.Set);
        }
        else
        {
            return null;
        }

        var (name, scale) = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, metricType);
        var help = PrometheusNaming.EscapeHelp(string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description);
        MetricFamily? family;
        lock (_familiesGate)
        {
            if (_families.TryGetValue(name, out family))
            {
                if (family.Type != metricType || family.IsObservable != instrument.IsObservable)
                {
                    PrometheusLog.NameConflict(_logger, instrument.Name, instrument.Meter.Name, name, family.Type.ToString());
                    return null;
                }
            }
            else
            {
                var bounds = metricType == PrometheusMetricType.Histogram ? HistogramBounds(instrument, name, scale) : null;
                family = new MetricFamily(name, help, metricType, bounds, instrument.IsObservable, _maxSeriesPerMetric, _logger);
                _families.Add(name, family);
            }
        }

        return new InstrumentBinding(family, scale, mode, this);
    }

    /// <summary>The instrument's advised bucket bounds in the base unit, or defaults suited to its unit.</summary>
    private static double[] HistogramBounds(Instrument instrument, string name, double scale)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => ToDoubles(h.Advice?.HistogramBucketBoundaries, static v => v),
            Histogram<long> h => ToDoubles(h.Advice?.HistogramBucketBoundaries, static v => v),
            Histogram<int> h => ToDoubles(h.Advice?.HistogramBucketBoundaries, static v => v),
            _ => null,
        };

        if (advised is not { Count: > 0 })
        {
            return name.EndsWith("_seconds", StringComparison.Ordinal) ? [.. GatewayMetrics.RequestDurationBuckets] : [.. DefaultBounds];
        }

        var bounds = new List<double>(advised.Count);
        foreach (var b in advised)
        {
            var scaled = b * scale;
            if (double.IsFinite(scaled))
            {
                bounds.Add(scaled);
            }
        }

        bounds.Sort();
        for (var i = bounds.Count - 1; i > 0; i--)
        {
            if (bounds[i] == bounds[i - 1])
            {
                bounds.RemoveAt(i);
            }
        }

        return [.. bounds];
    }

    private static double[]? ToDoubles<T>(IReadOnlyList<T>? values, Func<T, double> convert)
    {
        if (values is null)
        {
            return null;
        }

        var result = new double[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = convert(values[i]);
        }

        return result;
    }
}
