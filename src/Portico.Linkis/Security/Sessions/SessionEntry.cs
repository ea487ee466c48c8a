namespace Portico.Security.Linkis.Sessions;

/// <summary>One session: its user, login time and last recorded access (epoch milliseconds).</summary>
internal sealed class SessionEntry(string userName, long loginTime, long lastAccess)
{
    private long _lastAccess = lastAccess;
    private int _dirty;

    public string UserName { get; } = userName;

    public long LoginTime { get; } = loginTime;

    public long LastAccess => Volatile.Read(ref _lastAccess);

    /// <summary>Moves the last access forward (never back) and marks the entry for the next write-behind flush.</summary>
    public void Touch(long now)
    {
        var current = Volatile.Read(ref _lastAccess);
        while (now > current)
        {
            var seen = Interlocked.CompareExchange(ref _lastAccess, now, current);
            if (seen == current)
            {
                Volatile.Write(ref _dirty, 1);
                return;
            }

            current = seen;
        }
    }

    /// <summary>Clears the dirty mark; true if it was set.</summary>
    public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    public void MarkDirty() => Volatile.Write(ref _dirty, 1);
}
