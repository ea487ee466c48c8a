namespace Portico.Labels;

/// <summary>The instance-label store (<c>portico.labels</c>).</summary>
public sealed record LabelsConfig
{
    /// <summary>
    /// Where labels are kept: <c>sqlite</c> (default: <c>labels.db</c> in the data directory, survives restarts) or
    /// <c>memory</c> (lost on restart).
    /// </summary>
    public LabelPersistenceMode Persistence { get; init; } = LabelPersistenceMode.Sqlite;

    /// <summary>The registry metadata key whose value becomes the instance's <c>route</c> label, as Linkis services send it.</summary>
    public string MetadataKey { get; init; } = "route";

    /// <summary>
    /// The label keys the Linkis label API (<c>PUT microservice/instanceLabel</c>) may set and lists as modifiable
    /// (Linkis's user-modifiable labels: <c>route</c>). Keys not listed are ignored by that API, as in Linkis.
    /// </summary>
    public IReadOnlyList<string> ModifiableKeys { get; init; } = ["route"];

    /// <inheritdoc />
    public bool Equals(LabelsConfig? other) =>
        other is not null
        && Persistence == other.Persistence
        && MetadataKey == other.MetadataKey
        && ModifiableKeys.SequenceEqual(other.ModifiableKeys);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Persistence, MetadataKey, ModifiableKeys.Count);
}

/// <summary>Where the label store keeps labels.</summary>
public enum LabelPersistenceMode
{
    /// <summary>An SQLite file in the data directory.</summary>
    Sqlite,

    /// <summary>In memory only.</summary>
    Memory,
}
