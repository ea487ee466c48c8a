using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Sessions;

/// <summary>
/// The session map: a concurrent dictionary from ticket digest to session, loaded from persistence when created. The
/// digests of tickets found live are remembered (<see cref="SecretDigestCache{TDigest}"/>), so a client's requests
/// hash its ticket once.
/// Logins and logouts are written through; sliding refreshes are written behind by <see cref="SweepAsync"/>, which runs
/// every tenth of the timeout and at shutdown, so the request path never touches storage.
/// </summary>
internal sealed class SessionStore : ISessionStore, IDisposable
{
    private readonly ConcurrentDictionary<TicketId, SessionEntry> _sessions = new();

    // Logouts whose delete failed: retried by the next flush so that a revoked ticket cannot come back after a restart.
    private readonly ConcurrentDictionary<TicketId, byte> _pendingDeletes = new();

    // The ids of tickets found live, so that a client's every request does not hash its ticket again.
    private readonly SecretDigestCache<TicketId> _ids = new();
    private readonly ISessionPersistence _persistence;
    private readonly ILinkisSecuritySettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionStore> _logger;
    private int _disposed;

    public SessionStore(ISessionPersistence persistence, ILinkisSecuritySettings settings, TimeProvider time, ILogger<SessionStore> logger)
    {
        _persistence = persistence;
        _settings = settings;
        _time = time;
        _logger = logger;

        var now = Now;
        var timeout = TimeoutMillis;
        var loaded = 0;
        foreach (var session in persistence.LoadAll())
        {
            if (now - session.LastAccess <= timeout)
            {
                _sessions[session.Id] = new SessionEntry(session.UserName, session.LoginTime, session.LastAccess);
                loaded++;
            }
        }

        LinkisSecurityLog.SessionsLoaded(logger, loaded, persistence.Description);
    }

    public int Count => _sessions.Count;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long TimeoutMillis => (long)_settings.Current.SessionTimeout.TotalMilliseconds;

    public SessionCheck Check(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > Tickets.LinkisTicketCipher.MaxTicketLength)
        {
            return new SessionCheck(SessionCheckStatus.Unknown, null);
        }

        var remembered = _ids.TryGet(ticket, out var id);
        if (!remembered)
        {
            id = TicketId.Of(ticket);
        }

        if (!_sessions.TryGetValue(id, out var entry))
        {
            return new SessionCheck(SessionCheckStatus.Unknown, null);
        }

        var now = Now;
        var timeout = TimeoutMillis;
        var idle = now - entry.LastAccess;
        if (idle > timeout)
        {
            // Only this exact entry: a concurrent re-add under the same digest is not possible, but stay precise.
            _sessions.TryRemove(new KeyValuePair<TicketId, SessionEntry>(id, entry));
            _ids.Remove(ticket);
            return new SessionCheck(SessionCheckStatus.Expired, null);
        }

        if (!remembered)
        {
            _ids.Add(ticket, id);
        }

        // Linkis slides the session only once half the timeout has passed, so most requests write nothing.
        if (idle * 2 >= timeout)
        {
            entry.Touch(now);
        }

        return new SessionCheck(SessionCheckStatus.Valid, entry.UserName);
    }

    public async ValueTask AddAsync(string ticket, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var id = TicketId.Of(ticket);
        var now = Now;
        var entry = new SessionEntry(userName, now, now);
        _sessions[id] = entry;
        try
        {
            await _persistence.SaveAsync([new PersistedSession(id, userName, now, now)], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The session works from memory; the next flush retries the write.
            entry.MarkDirty();
            LinkisSecurityLog.SessionPersistenceFailed(_logger, _persistence.Description, ex);
        }
    }

    public async ValueTask<bool> RemoveAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > Tickets.LinkisTicketCipher.MaxTicketLength)
        {
            return false;
        }

        var id = TicketId.Of(ticket);
        _ids.Remove(ticket);
        var removed = _sessions.TryRemove(id, out _);
        if (!removed)
        {
            return false;
        }

        try
        {
            await _persistence.DeleteAsync([id], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _pendingDeletes[id] = 0;
            LinkisSecurityLog.SessionPersistenceFailed(_logger, _persistence.Description, ex);
        }

        return true;
    }

    /// <summary>
    /// Removes sessions idle for longer than the timeout, from memory and storage, and writes the slid last-access
    /// times behind. Returns the number of sessions removed from memory.
    /// </summary>
    public async ValueTask<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var cutoff = now - TimeoutMillis;
        var removed = 0;
        List<PersistedSession>? dirty = null;
        foreach (var pair in _sessions)
        {
            var entry = pair.Value;
            if (entry.LastAccess < cutoff)
            {
                if (_sessions.TryRemove(pair))
                {
                    removed++;
                }
            }
            else if (entry.TakeDirty())
            {
                (dirty ??= []).Add(new PersistedSession(pair.Key, entry.UserName, entry.LoginTime, entry.LastAccess));
            }
        }

        try
        {
            if (dirty is not null)
            {
                await _persistence.SaveAsync(dirty, cancellationToken).ConfigureAwait(false);
            }

            if (!_pendingDeletes.IsEmpty)
            {
                var ids = new List<TicketId>(_pendingDeletes.Keys);
                await _persistence.DeleteAsync(ids, cancellationToken).ConfigureAwait(false);
                foreach (var id in ids)
                {
                    _pendingDeletes.TryRemove(id, out _);
                }
            }

            await _persistence.DeleteIdleAsync(cutoff, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var session in dirty ?? [])
            {
                if (_sessions.TryGetValue(session.Id, out var entry))
                {
                    entry.MarkDirty();
                }
            }

            LinkisSecurityLog.SessionPersistenceFailed(_logger, _persistence.Description, ex);
        }

        if (removed > 0)
        {
            // The tickets of swept sessions leave memory with them; live ones are hashed once more.
            _ids.Clear();
            LinkisSecurityLog.SessionsSwept(_logger, removed, _sessions.Count);
        }

        return removed;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _persistence.Dispose();
        }
    }
}
