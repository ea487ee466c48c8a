using System.Collections.Concurrent;

namespace Portico.Forwarding;

/// <summary>
/// Reusable cancellation sources that fire after a timeout or when a linked token (the client's abort) fires, so a
/// request with a response timeout does not allocate a linked source. Requests without a timeout use the client's
/// token directly and never come here. Only sources on the system clock can be reset, so with another
/// <see cref="TimeProvider"/> (a test clock) sources are simply not reused.
/// </summary>
internal sealed class TimeoutSourcePool(TimeProvider timeProvider)
{
    private const int MaxPooled = 256;
    private readonly ConcurrentQueue<Source> _pool = new();
    private int _pooled;

    /// <summary>A source that cancels after <paramref name="timeout"/> or when <paramref name="linked"/> is cancelled.</summary>
    public Source Rent(TimeSpan timeout, CancellationToken linked)
    {
        if (_pool.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _pooled);
        }
        else
        {
            source = new Source(timeProvider);
        }

        source.Link(linked);
        source.CancelAfter(timeout);
        return source;
    }

    /// <summary>
    /// Takes <paramref name="source"/> back. Pass <paramref name="reusable"/> false when an operation that may still
    /// observe its token is running: the source is then detached and left to the collector rather than shared again.
    /// </summary>
    public void Return(Source source, bool reusable)
    {
        source.Unlink();
        if (reusable && source.TryReset())
        {
            if (Interlocked.Increment(ref _pooled) <= MaxPooled)
            {
                _pool.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _pooled);
        }

        // Stop the timer so that it neither fires late nor keeps the source alive.
        source.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>A pooled source; <see cref="TimedOut"/> (read before returning it) tells a timeout from a client abort.</summary>
    internal sealed class Source(TimeProvider timeProvider) : CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider)
    {
        private CancellationToken _linked;
        private CancellationTokenRegistration _registration;

        /// <summary>Whether the source fired because the timeout elapsed rather than because the linked token fired.</summary>
        public bool TimedOut => IsCancellationRequested && !_linked.IsCancellationRequested;

        internal void Link(CancellationToken linked)
        {
            _linked = linked;
            _registration = linked.UnsafeRegister(static s => ((Source)s!).Cancel(), this);
        }

        internal void Unlink()
        {
            _registration.Dispose();
            _registration = default;
            _linked = default;
        }
    }
}
