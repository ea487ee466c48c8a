namespace Portico.Health;

/// <summary>
/// Request and failure counts over a sliding time window, kept in ten buckets of a tenth of the window each, so the
/// window slides in steps of 10% and recording costs a few array reads. Not thread-safe: the owner locks.
/// </summary>
internal sealed class FailureWindow
{
    private const int BucketCount = 10;
    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private long _bucketTicks;

    public FailureWindow() => Clear();

    public void Record(long nowTicks, TimeSpan window, bool failed)
    {
        EnsureWidth(window);
        var epoch = nowTicks / _bucketTicks;
        ref var bucket = ref _buckets[(int)(epoch % BucketCount)];
        if (bucket.Epoch != epoch)
        {
            bucket = new Bucket { Epoch = epoch };
        }

        bucket.Requests++;
        if (failed)
        {
            bucket.Failures++;
        }
    }

    public (int Requests, int Failures) Totals(long nowTicks, TimeSpan window)
    {
        EnsureWidth(window);
        var epoch = nowTicks / _bucketTicks;
        int requests = 0, failures = 0;
        foreach (var bucket in _buckets)
        {
            if (bucket.Epoch > epoch - BucketCount && bucket.Epoch <= epoch)
            {
                requests += bucket.Requests;
                failures += bucket.Failures;
            }
        }

        return (requests, failures);
    }

    public void Clear() => Array.Fill(_buckets, new Bucket { Epoch = long.MinValue });

    private void EnsureWidth(TimeSpan window)
    {
        // A reload that changes the window starts counting afresh rather than mixing bucket widths.
        var width = Math.Max(window.Ticks / BucketCount, 1);
        if (width != _bucketTicks)
        {
            Clear();
            _bucketTicks = width;
        }
    }

    private struct Bucket
    {
        public long Epoch;
        public int Requests;
        public int Failures;
    }
}
