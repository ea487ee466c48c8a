using System.Collections.Concurrent;

namespace Portico.Logging;

/// <summary>
/// Bounds a log line a client can trigger at will (an unknown pinned instance, a refused credential): at most one line
/// per <see cref="Interval"/> for each key, with the number held back since the last one, so that a client repeating
/// the request cannot fill the disk and the line that does appear says how often it happened. Counting every
/// occurrence is the metrics' job. Keys are meant to be the operator's names (route, service); past
/// <see cref="MaxKeys"/> keys all further ones share a single slot, so keys a client chooses cannot grow the table.
/// </summary>
internal sealed class LogRateLimiter
{
    /// <summary>The interval used unless another is given.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>The most keys tracked separately.</summary>
    public const int MaxKeys = 1024;

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Slot _shared = new();

    /// <summary>Creates a limiter that lets one line per key through every <paramref name="interval"/> (default <see cref="DefaultInterval"/>).</summary>
    public LogRateLimiter(TimeProvider time, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Interval = interval ?? DefaultInterval;
    }

    /// <summary>The shortest time between two lines of one key.</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// Whether a line for <paramref name="key"/> may be written now; when it may, <paramref name="heldBack"/> is the number
    /// of lines held back since the previous one, otherwise this occurrence is counted as held back.
    /// </summary>
    public bool TryAcquire(string key, out long heldBack)
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = _slots.Count >= MaxKeys ? _shared : _slots.GetOrAdd(key, static _ => new Slot());
        }

        var now = _time.GetTimestamp();
        lock (slot)
        {
            if (slot.Written && _time.GetElapsedTime(slot.LastWritten, now) < Interval)
            {
                slot.HeldBack++;
                heldBack = 0;
                return false;
            }

            heldBack = slot.HeldBack;
            slot.HeldBack = 0;
            slot.LastWritten = now;
            slot.Written = true;
            return true;
        }
    }

    private sealed class Slot
    {
        public bool Written;
        public long LastWritten;
        public long HeldBack;
    }
}
