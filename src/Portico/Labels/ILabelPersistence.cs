namespace Portico.Labels;

/// <summary>
/// Where <see cref="LabelStore"/> keeps its entries between restarts. Called by one writer at a time, off the request
/// path; a failed call throws and the store keeps its previous state.
/// </summary>
internal interface ILabelPersistence : IDisposable
{
    /// <summary>Where the labels live, for logs.</summary>
    string Description { get; }

    /// <summary>Every saved entry.</summary>
    IReadOnlyList<InstanceLabels> LoadAll();

    /// <summary>Saves an entry, replacing the saved one with the same id.</summary>
    ValueTask SaveAsync(InstanceLabels entry);

    /// <summary>Deletes the entry <paramref name="id"/> and its labels.</summary>
    ValueTask DeleteAsync(long id);
}

/// <summary>Keeps nothing: labels live in memory only and are lost on restart (<c>labels.persistence: memory</c>).</summary>
internal sealed class MemoryLabelPersistence : ILabelPersistence
{
    public string Description => "memory";

    public IReadOnlyList<InstanceLabels> LoadAll() => [];

    public ValueTask SaveAsync(InstanceLabels entry) => ValueTask.CompletedTask;

    public ValueTask DeleteAsync(long id) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
