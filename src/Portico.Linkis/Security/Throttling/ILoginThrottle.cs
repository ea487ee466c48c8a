namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// Brute-force protection for logins: failed attempts are counted in a sliding window per user name and per client
/// address; once either count reaches its limit, further attempts are refused until the oldest failure leaves the window.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>Whether a login for <paramref name="userName"/> from <paramref name="clientAddress"/> may be tried now.</summary>
    LoginThrottleDecision Check(string? userName, string? clientAddress);

    /// <summary>Counts a failed login against the user name and the address.</summary>
    void RecordFailure(string? userName, string? clientAddress);

    /// <summary>Forgets the user name's failures after a successful login (the address's count stays).</summary>
    void RecordSuccess(string? userName);
}

/// <summary>What limited a login.</summary>
public enum LoginThrottleScope
{
    /// <summary>Not limited.</summary>
    None,

    /// <summary>Too many failures for the user name.</summary>
    User,

    /// <summary>Too many failures from the client address.</summary>
    Address,
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
