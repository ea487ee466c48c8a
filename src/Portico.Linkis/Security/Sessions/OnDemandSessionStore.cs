using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Sessions;

/// <summary>The session store (SQLite in the data directory, or memory), opened and loaded on first use.</summary>
internal sealed class OnDemandSessionStore(ILinkisSecuritySettings settings, TimeProvider time, ILogger<SessionStore> logger)
    : OnDemandResource<SessionStore>, ISessionStore
{
    public int Count => Open().Count;

    public SessionCheck Check(string? ticket) => Open().Check(ticket);

    public ValueTask AddAsync(string ticket, string userName, CancellationToken cancellationToken = default) =>
        Open().AddAsync(ticket, userName, cancellationToken);

    public ValueTask<bool> RemoveAsync(string? ticket, CancellationToken cancellationToken = default) =>
        Open().RemoveAsync(ticket, cancellationToken);

    protected override SessionStore Create()
    {
        ISessionPersistence persistence = settings.Current.SessionPersistence == SessionPersistenceMode.Sqlite
            ? new SqliteSessionPersistence(settings.DataDirectory)
            : new MemorySessionPersistence();
        return new SessionStore(persistence, settings, time, logger);
    }
}
