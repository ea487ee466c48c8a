namespace Portico.Security.Linkis.Sessions;

/// <summary>A session as stored: ticket digest, user, login time and last access (epoch milliseconds).</summary>
internal readonly record struct PersistedSession(TicketId Id, string UserName, long LoginTime, long LastAccess);

/// <summary>Durable storage behind the in-memory session map. Never called on the request path except at login and logout.</summary>
internal interface ISessionPersistence : IDisposable
{
    /// <summary>A description for logs (e.g. the file path).</summary>
    string Description { get; }

    /// <summary>Reads every stored session (start-up only).</summary>
    IReadOnlyList<PersistedSession> LoadAll();

    /// <summary>Inserts or replaces sessions.</summary>
    ValueTask SaveAsync(IReadOnlyList<PersistedSession> sessions, CancellationToken cancellationToken);

    /// <summary>Deletes sessions.</summary>
    ValueTask DeleteAsync(IReadOnlyList<TicketId> ids, CancellationToken cancellationToken);

    /// <summary>Deletes sessions whose last access is before <paramref name="cutoff"/>.</summary>
    ValueTask DeleteIdleAsync(long cutoff, CancellationToken cancellationToken);
}

/// <summary>No durable storage: sessions live in memory only.</summary>
internal sealed class MemorySessionPersistence : ISessionPersistence
{
    public string Description => "memory";

    public IReadOnlyList<PersistedSession> LoadAll() => [];

    public ValueTask SaveAsync(IReadOnlyList<PersistedSession> sessions, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DeleteAsync(IReadOnlyList<TicketId> ids, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DeleteIdleAsync(long cutoff, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
