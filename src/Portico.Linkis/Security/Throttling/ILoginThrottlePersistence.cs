namespace Portico.Security.Linkis.Throttling;

/// <summary>Durable storage behind the login throttle's tables. Never called on the request path: loaded at start-up, written behind.</summary>
internal interface ILoginThrottlePersistence : IDisposable
{
    /// <summary>A description for logs (e.g. the file path).</summary>
    string Description { get; }

    /// <summary>Reads every stored entry (start-up only).</summary>
    IReadOnlyList<PersistedThrottleEntry> LoadAll();

    /// <summary>Inserts or replaces <paramref name="upserts"/> and deletes <paramref name="deletes"/> in one transaction.</summary>
    ValueTask WriteAsync(IReadOnlyList<PersistedThrottleEntry> upserts, IReadOnlyList<ThrottleKey> deletes, CancellationToken cancellationToken);
}

/// <summary>No durable storage: the throttle lives in memory only, as the sessions do in <c>memory</c> mode.</summary>
internal sealed class MemoryLoginThrottlePersistence : ILoginThrottlePersistence
{
    public string Description => "memory";

    public IReadOnlyList<PersistedThrottleEntry> LoadAll() => [];

    public ValueTask WriteAsync(IReadOnlyList<PersistedThrottleEntry> upserts, IReadOnlyList<ThrottleKey> deletes, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
