namespace Portico.Observability.Prometheus;

/// <summary>
/// The aggregated state of one label set of one metric. Updated lock-free from any thread: doubles are kept as
/// their bit patterns and added with compare-and-swap; histogram buckets are plain interlocked counters, and the
/// count is their sum, so a scrape never shows a count that disagrees with the buckets.
/// </summary>
internal sealed class MetricSeries
{
    private readonly long[]? _buckets;
    private long _valueBits;
    private long _sumBits;
    private long _epoch;

    public MetricSeries(string labels, int bucketCount)
    {
        Labels = labels;
        if (bucketCount > 0)
        {
            _buckets = new long[bucketCount];
        }
    }

    /// <summary>The canonical label text, e.g. <c>route_id="orders",status="OK"</c>; empty for no labels.</summary>
    public string Labels { get; }

    /// <summary>The counter or gauge value.</summary>
    public double Value => BitConverter.Int64BitsToDouble(Volatile.Read(ref _valueBits));

    /// <summary>The sum of histogram observations.</summary>
    public double Sum => BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits));

    /// <summary>The scrape in which an observable instrument last reported this series.</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    public void Add(double value) => AddDouble(ref _valueBits, value);

    public void Set(double value, long epoch)
    {
        Volatile.Write(ref _valueBits, BitConverter.DoubleToInt64Bits(value));
        Volatile.Write(ref _epoch, epoch);
    }

    /// <summary>Counts <paramref name="value"/> in the first bucket whose upper bound is at least the value.</summary>
    public void Observe(double value, double[] bounds)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _buckets![i]);
        AddDouble(ref _sumBits, value);
    }

    /// <summary>Copies the per-bucket (not cumulative) counts; the last one counts values above every bound.</summary>
    public void CopyBuckets(Span<long> destination)
    {
        var buckets = _buckets!;
        for (var i = 0; i < buckets.Length; i++)
        {
            destination[i] = Volatile.Read(ref buckets[i]);
        }
    }

    private static void AddDouble(ref long bits, double value)
    {
        var current = Volatile.Read(ref bits);
        while (true)
        {
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
            var seen = Interlocked.CompareExchange(ref bits, next, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
