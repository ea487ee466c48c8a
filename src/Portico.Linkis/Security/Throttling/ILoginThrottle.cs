namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// Brute-force protection for logins: one user name from one client address is slowed with growing delays, one user name
/// from all addresses has a higher ceiling that spares addresses it logged in from before, and one address has a limit
/// across user names.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>Whether a login for <paramref name="userName"/> from <paramref name="clientAddress"/> may be tried now.</summary>
    LoginThrottleDecision Check(string? userName, string? clientAddress);

    /// <summary>Counts a failed login against the user name and the address.</summary>
    void RecordFailure(string? userName, string? clientAddress);

    /// <summary>
    /// Forgets the failures of the user name from <paramref name="clientAddress"/> and remembers the address as one the
    /// user logs in from; the user's failures from other addresses and the address's count stay.
    /// </summary>
    void RecordSuccess(string? userName, string? clientAddress);
}

/// <summary>What limited a login.</summary>
public enum LoginThrottleScope
{
    /// <summary>Not limited.</summary>
    None,

    /// <summary>Too many failures for the user name from all addresses, and the address is not one the user logged in from.</summary>
    User,

    /// <summary>Too many failures from the client address.</summary>
    Address,

    /// <summary>Too many failures for the user name from this client address.</summary>
    UserAndAddress,
}

/// <summary>A throttling decision: allowed, or refused with the seconds to wait (HTTP 429 with <c>Retry-After</c>).</summary>
/// <param name="Allowed">Whether the attempt may proceed.</param>
/// <param name="RetryAfterSeconds">Whole seconds until an attempt may succeed the check (at least 1 when refused).</param>
/// <param name="Scope">What limited the attempt.</param>
public readonly record struct LoginThrottleDecision(bool Allowed, int RetryAfterSeconds, LoginThrottleScope Scope)
{
    /// <summary>The HTTP status for a refused attempt.</summary>
    public const int StatusCode = 429;

    /// <summary>An attempt that may proceed.</summary>
    public static LoginThrottleDecision Allow => new(true, 0, LoginThrottleScope.None);

    /// <summary>The <c>Retry-After</c> header value.</summary>
    public string RetryAfterHeader => RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
