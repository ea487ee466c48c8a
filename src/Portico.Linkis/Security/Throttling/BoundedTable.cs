namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// A map that keeps its keys in the order they were last changed and forgets the oldest past a capacity. Not
/// thread-safe: <see cref="LoginThrottle"/> guards it with its lock.
/// </summary>
internal sealed class BoundedTable<TValue>
    where TValue : class
{
    private readonly Dictionary<ThrottleKey, (TValue Value, LinkedListNode<ThrottleKey> Node)> _entries = [];
    private readonly LinkedList<ThrottleKey> _order = new();

    public int Count => _entries.Count;

    public bool TryGet(ThrottleKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>
    /// The value of <paramref name="key"/>, created when missing, marked as the newest; the oldest keys past
    /// <paramref name="capacity"/> are removed and added to <paramref name="evicted"/>.
    /// </summary>
    public TValue Touch(ThrottleKey key, Func<TValue> create, int capacity, ICollection<ThrottleKey> evicted)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            _order.Remove(entry.Node);
            _order.AddLast(entry.Node);
            return entry.Value;
        }

        var value = create();
        _entries[key] = (value, _order.AddLast(key));
        while (_entries.Count > Math.Max(1, capacity) && _order.First is { } oldest)
        {
            _order.RemoveFirst();
            _entries.Remove(oldest.Value);
            evicted.Add(oldest.Value);
        }

        return value;
    }

    public bool Remove(ThrottleKey key)
    {
        if (!_entries.Remove(key, out var entry))
        {
            return false;
        }

        _order.Remove(entry.Node);
        return true;
    }

    /// <summary>The entries, oldest first.</summary>
    public IEnumerable<KeyValuePair<ThrottleKey, TValue>> Entries()
    {
        foreach (var key in _order)
        {
            yield return new(key, _entries[key].Value);
        }
    }
}
