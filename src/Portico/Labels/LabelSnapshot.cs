using System.Collections.Frozen;
using Portico.Discovery;

namespace Portico.Labels;

/// <summary>
/// An immutable view of the label store at one moment, indexed for the request path: by application and instance
/// (looked up without allocating), and by label. The store swaps in a new snapshot on every change, so readers never
/// lock and a change is seen by the next request.
/// </summary>
public sealed class LabelSnapshot
{
    private readonly InstanceLabels[] _all;
    private readonly FrozenDictionary<string, ApplicationLabels> _byApplication;
    private readonly FrozenDictionary<string, FrozenDictionary<string, LabelledInstance[]>> _byLabel;

    /// <summary>Creates a snapshot of <paramref name="instances"/>; an instance (application and <c>host:port</c>) may appear once.</summary>
    public LabelSnapshot(IEnumerable<InstanceLabels> instances, long version)
    {
        ArgumentNullException.ThrowIfNull(instances);
        _all = [.. instances];

        // Creation order: "the first instance with a label" (the context-service router's choice) is the oldest one.
        Array.Sort(_all, static (a, b) => a.Id.CompareTo(b.Id));
        Version = version;

        var byApplication = new Dictionary<string, List<InstanceLabels>>(StringComparer.OrdinalIgnoreCase);
        var byLabel = new Dictionary<string, Dictionary<string, List<LabelledInstance>>>(StringComparer.Ordinal);
        foreach (var entry in _all)
        {
            if (!byApplication.TryGetValue(entry.Application, out var list))
            {
                byApplication[entry.Application] = list = [];
            }

            list.Add(entry);
            foreach (var label in entry.Labels)
            {
                if (!byLabel.TryGetValue(label.Key, out var values))
                {
                    byLabel[label.Key] = values = new Dictionary<string, List<LabelledInstance>>(StringComparer.Ordinal);
                }

                if (!values.TryGetValue(label.Value, out var holders))
                {
                    values[label.Value] = holders = [];
                }

                holders.Add(new LabelledInstance(entry.Application, entry.Instance));
            }
        }

        _byApplication = byApplication.ToFrozenDictionary(p => p.Key, p => new ApplicationLabels(p.Value), StringComparer.OrdinalIgnoreCase);
        _byLabel = byLabel.ToFrozenDictionary(
            p => p.Key,
            p => p.Value.ToFrozenDictionary(v => v.Key, v => v.Value.ToArray(), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>A snapshot without labels.</summary>
    public static LabelSnapshot Empty { get; } = new([], 0);

    /// <summary>Incremented by the store on every change.</summary>
    public long Version { get; }

    /// <summary>Every instance the store knows, labelled or not, in creation order.</summary>
    public IReadOnlyList<InstanceLabels> All => _all;

    /// <summary>The labels of <paramref name="instance"/> (<c>host:port</c>) of <paramref name="application"/>, or null when the store has none.</summary>
    public InstanceLabels? Find(string application, string instance)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(instance);
        return _byApplication.TryGetValue(application, out var labels) ? labels.Find(instance) : null;
    }

    /// <summary>The instances of <paramref name="application"/> the store knows, in creation order.</summary>
    public IReadOnlyList<InstanceLabels> OfApplication(string application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return _byApplication.TryGetValue(application, out var labels) ? labels.Instances : [];
    }

    /// <summary>The instances labelled <paramref name="key"/> = <paramref name="value"/> (exact match), in creation order.</summary>
    public IReadOnlyList<LabelledInstance> FindInstances(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return _byLabel.TryGetValue(key, out var values) && values.TryGetValue(value, out var holders) ? holders : [];
    }

    /// <summary>The labels of one application, or null when the store knows none of its instances.</summary>
    internal ApplicationLabels? Application(string application) =>
        _byApplication.TryGetValue(application, out var labels) ? labels : null;

    /// <summary>A snapshot with <paramref name="entry"/> added, or replacing the entry with the same instance.</summary>
    internal LabelSnapshot With(InstanceLabels entry)
    {
        var next = new List<InstanceLabels>(_all.Length + 1);
        foreach (var existing in _all)
        {
            if (existing.Id != entry.Id && !SameInstance(existing, entry))
            {
                next.Add(existing);
            }
        }

        next.Add(entry);
        return new LabelSnapshot(next, Version + 1);
    }

    /// <summary>A snapshot without <paramref name="entry"/>'s instance.</summary>
    internal LabelSnapshot Without(InstanceLabels entry)
    {
        var next = new List<InstanceLabels>(_all.Length);
        foreach (var existing in _all)
        {
            if (!SameInstance(existing, entry))
            {
                next.Add(existing);
            }
        }

        return new LabelSnapshot(next, Version + 1);
    }

    private static bool SameInstance(InstanceLabels a, InstanceLabels b) =>
        string.Equals(a.Instance, b.Instance, StringComparison.Ordinal) && string.Equals(a.Application, b.Application, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The store's entries of one application, looked up by <c>host:port</c> without allocating.</summary>
internal sealed class ApplicationLabels
{
    // Enough for any host name (253) plus ':' and five port digits.
    private const int MaxAuthorityLength = 272;

    private readonly FrozenDictionary<string, InstanceLabels>.AlternateLookup<ReadOnlySpan<char>> _byInstance;

    public ApplicationLabels(List<InstanceLabels> instances)
    {
        Instances = [.. instances];
        var byInstance = new Dictionary<string, InstanceLabels>(StringComparer.Ordinal);
        foreach (var entry in instances)
        {
            if (!byInstance.TryAdd(entry.Instance, entry))
            {
                throw new ArgumentException($"Instance '{entry.Instance}' of '{entry.Application}' appears twice.", nameof(instances));
            }

            if (entry.IsLabelled)
            {
                LabelledCount++;
            }
        }

        _byInstance = byInstance.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The entries, in creation order.</summary>
    public InstanceLabels[] Instances { get; }

    /// <summary>How many of them carry at least one label.</summary>
    public int LabelledCount { get; }

    public InstanceLabels? Find(string instance) => _byInstance.TryGetValue(instance, out var entry) ? entry : null;

    /// <summary>The entry of a registered instance, found by its <c>host:port</c> without allocating.</summary>
    public InstanceLabels? Find(ServiceInstance instance)
    {
        Span<char> buffer = stackalloc char[MaxAuthorityLength];
        if (LabelRules.TryFormatAuthority(instance, buffer, out var written))
        {
            return _byInstance.TryGetValue(buffer[..written], out var entry) ? entry : null;
        }

        return _byInstance.TryGetValue(instance.Authority, out var found) ? found : null;
    }

    /// <summary>Whether the registered instance carries any label.</summary>
    public bool IsLabelled(ServiceInstance instance) => Find(instance)?.IsLabelled == true;
}
