namespace Portico.Labels;

/// <summary>One label of an instance: a key and its value, such as <c>route = et1</c>.</summary>
/// <param name="Key">The label key (case-sensitive), e.g. <c>route</c>.</param>
/// <param name="Value">The value (case-sensitive), e.g. <c>et1</c>.</param>
public readonly record struct InstanceLabel(string Key, string Value)
{
    /// <inheritdoc />
    public override string ToString() => Key + "=" + Value;
}

/// <summary>
/// The labels of one instance as the label store holds them: the instance (its application and <c>host:port</c>, as
/// the registry and Linkis name it), at most one value per key, and when the entry was created and last changed.
/// Immutable; a change produces a new entry with the same <see cref="Id"/>.
/// </summary>
public sealed class InstanceLabels
{
    private readonly InstanceLabel[] _labels;

    /// <summary>Creates an entry; <paramref name="labels"/> must not repeat a key.</summary>
    public InstanceLabels(long id, string application, string instance, IEnumerable<InstanceLabel> labels, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        ArgumentException.ThrowIfNullOrWhiteSpace(instance);
        ArgumentNullException.ThrowIfNull(labels);
        var sorted = labels.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (string.Equals(sorted[i].Key, sorted[i - 1].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Label key '{sorted[i].Key}' appears twice.", nameof(labels));
            }
        }

        Id = id;
        Application = application;
        Instance = instance;
        _labels = sorted;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
    }

    /// <summary>The store's number for the instance, stable across changes (Linkis's <c>instance_info.id</c>).</summary>
    public long Id { get; }

    /// <summary>The application (registry service name; compared case-insensitively).</summary>
    public string Application { get; }

    /// <summary>The instance, <c>host:port</c> (compared exactly).</summary>
    public string Instance { get; }

    /// <summary>The labels, ordered by key.</summary>
    public IReadOnlyList<InstanceLabel> Labels => _labels;

    /// <summary>Whether the instance carries at least one label; an entry without labels is in the unlabelled pool.</summary>
    public bool IsLabelled => _labels.Length > 0;

    /// <summary>When the store first saw the instance.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the instance's labels last changed.</summary>
    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The value of <paramref name="key"/>, or null when the instance has no such label.</summary>
    public string? ValueOf(string key)
    {
        // Instances carry a handful of labels: a scan beats hashing and allocates nothing.
        foreach (var label in _labels)
        {
            if (string.Equals(label.Key, key, StringComparison.Ordinal))
            {
                return label.Value;
            }
        }

        return null;
    }

    /// <summary>A copy with other labels, the application spelt as <paramref name="application"/>, changed at <paramref name="updatedAt"/>.</summary>
    internal InstanceLabels With(string application, IEnumerable<InstanceLabel> labels, DateTimeOffset updatedAt) =>
        new(Id, application, Instance, labels, CreatedAt, updatedAt);

    /// <inheritdoc />
    public override string ToString() =>
        Application + "/" + Instance + " {" + string.Join(", ", _labels) + "}";
}
