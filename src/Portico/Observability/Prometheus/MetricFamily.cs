using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Portico.Observability.Prometheus;

/// <summary>
/// One Prometheus metric: its name, help, type and series by label set. Instruments that map to the same name
/// (the same instrument from two meters, say) feed the same family.
/// </summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<TagKey, MetricSeries> _byTags = new(TagKeyComparer.Instance);
    private readonly ConcurrentDictionary<TagKey, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly Dictionary<string, MetricSeries> _byLabels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly int _maxSeries;
    private readonly ILogger _logger;
    private bool _limitReported;

    public MetricFamily(string name, string help, PrometheusMetricType type, double[]? bounds, bool observable, int maxSeries, ILogger logger)
    {
        Name = name;
        Help = help;
        Type = type;
        Bounds = bounds ?? [];
        BoundTexts = Array.ConvertAll(Bounds, b => b.ToString(CultureInfo.InvariantCulture));
        IsObservable = observable;
        _maxSeries = maxSeries;
        _logger = logger;
        _lookup = _byTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public string Name { get; }

    public string Help { get; }

    public PrometheusMetricType Type { get; }

    /// <summary>Histogram bucket upper bounds in the base unit, ascending.</summary>
    public double[] Bounds { get; }

    /// <summary>The bounds as <c>le</c> label values.</summary>
    public string[] BoundTexts { get; }

    /// <summary>Whether the family is fed by observable instruments, whose series only count when reported in the current scrape.</summary>
    public bool IsObservable { get; }

    /// <summary>
    /// The series for a measurement's tags: a lock-free lookup on the tags as given, allocation-free once the tag set
    /// has been seen. Null when the series limit is reached.
    /// </summary>
    public MetricSeries? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _lookup.TryGetValue(tags, out var series) ? series : Add(tags);

    /// <summary>The series to write, sorted by labels; for observable families only those reported in <paramref name="epoch"/>.</summary>
    public MetricSeries[] Snapshot(long epoch)
    {
        MetricSeries[] all;
        lock (_gate)
        {
            all = [.. _byLabels.Values];
        }

        if (IsObservable)
        {
            all = Array.FindAll(all, s => s.Epoch == epoch);
        }

        Array.Sort(all, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        return all;
    }

    private MetricSeries? Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            if (_lookup.TryGetValue(tags, out var series))
            {
                return series;
            }

            if (_byLabels.Count >= _maxSeries)
            {
                if (!_limitReported)
                {
                    _limitReported = true;
                    PrometheusLog.SeriesLimitReached(_logger, Name, _maxSeries);
                }

                return null;
            }

            // Tags in another order, or values that print alike, may name a label set that already exists.
            var labels = PrometheusNaming.FormatLabels(tags, Type == PrometheusMetricType.Histogram);
            if (!_byLabels.TryGetValue(labels, out series))
            {
                series = new MetricSeries(labels, Type == PrometheusMetricType.Histogram ? Bounds.Length + 1 : 0);
                _byLabels.Add(labels, series);
            }

            // Tag values that compare by reference (a new object per measurement) would grow the tag index for ever;
            // past the bound such measurements still count, through this slower path.
            if (_byTags.Count < _maxSeries * 4)
            {
                _byTags.TryAdd(TagKeyComparer.Instance.Create(tags), series);
            }

            return series;
        }
    }
}
