namespace Portico.Observability.Prometheus;

/// <summary>
/// The tags of a measurement exactly as the instrument reported them (names, values and order), kept as a
/// dictionary key. Measurements find their series through <see cref="TagKeyComparer"/>'s span lookup, so the key
/// is only built the first time a tag set is seen.
/// </summary>
internal sealed class TagKey
{
    public TagKey(KeyValuePair<string, object?>[] tags, int hash)
    {
        Tags = tags;
        Hash = hash;
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }
}

/// <summary>Compares <see cref="TagKey"/>s with each other and with the tag span a measurement callback receives.</summary>
internal sealed class TagKeyComparer :
    IEqualityComparer<TagKey>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagKey>
{
    public static readonly TagKeyComparer Instance = new();

    public bool Equals(TagKey? x, TagKey? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SequenceEqual(x.Tags, y.Tags));

    public int GetHashCode(TagKey obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagKey other) => SequenceEqual(alternate, other.Tags);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => Hash(alternate);

    public TagKey Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate.ToArray(), Hash(alternate));

    internal static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var tag in tags)
        {
            hash.Add(tag.Key, StringComparer.Ordinal);
            hash.Add(tag.Value);
        }

        return hash.ToHashCode();
    }

    private static bool SequenceEqual(ReadOnlySpan<KeyValuePair<string, object?>> a, ReadOnlySpan<KeyValuePair<string, object?>> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !Equals(a[i].Value, b[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}
