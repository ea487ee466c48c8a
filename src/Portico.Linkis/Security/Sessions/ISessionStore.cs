namespace Portico.Security.Linkis.Sessions;

/// <summary>
/// The server-side session map of Linkis: which tickets are logged in, with sliding idle expiry. Checking a ticket is an
/// in-memory lookup; persistence (if any) happens behind it.
/// </summary>
public interface ISessionStore
{
    /// <summary>The number of sessions held, expired ones not yet swept included.</summary>
    int Count { get; }

    /// <summary>
    /// Checks a ticket on a request: unknown tickets are <see cref="SessionCheckStatus.Unknown"/>; a session idle for
    /// longer than the timeout is removed and <see cref="SessionCheckStatus.Expired"/>; otherwise it is valid, and its
    /// last access is moved to now once half the timeout has passed since it was last recorded.
    /// </summary>
    SessionCheck Check(string? ticket);

    /// <summary>Records a new session for <paramref name="ticket"/>, issued to <paramref name="userName"/>, accessed now.</summary>
    ValueTask AddAsync(string ticket, string userName, CancellationToken cancellationToken = default);

    /// <summary>Removes a session at once (logout); returns whether it existed.</summary>
    ValueTask<bool> RemoveAsync(string? ticket, CancellationToken cancellationToken = default);
}

/// <summary>The state of a ticket in the session store.</summary>
public enum SessionCheckStatus
{
    /// <summary>A live session; it may have been slid.</summary>
    Valid,

    /// <summary>The ticket is not in the store: never logged in here, logged out, or swept.</summary>
    Unknown,

    /// <summary>The session was idle for longer than the timeout and has just been removed.</summary>
    Expired,
}

/// <summary>The outcome of <see cref="ISessionStore.Check"/>.</summary>
/// <param name="Status">The ticket's state.</param>
/// <param name="UserName">The session's user when <see cref="Status"/> is <see cref="SessionCheckStatus.Valid"/>.</param>
public readonly record struct SessionCheck(SessionCheckStatus Status, string? UserName)
{
    /// <summary>True for a live session.</summary>
    public bool IsValid => Status == SessionCheckStatus.Valid;
}
