namespace Portico.Security.Linkis.Passwords;

/// <summary>
/// Checks a user name and password against one credential store (the configured administrator, a local users file,
/// LDAP...). Logins try each registered authenticator in registration order; the first to authenticate wins. Register
/// your own as an <see cref="IPasswordAuthenticator"/> service to add a store.
/// </summary>
public interface IPasswordAuthenticator
{
    /// <summary>A short name for logs, e.g. <c>ldap</c>.</summary>
    string Name { get; }

    /// <summary>Checks the credentials. Never throws for a wrong password or an unreachable store; it reports it.</summary>
    ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken);
}

/// <summary>What a credential store said.</summary>
public enum PasswordAuthenticationStatus
{
    /// <summary>The credentials are right.</summary>
    Authenticated,

    /// <summary>The store does not know the user or the password is wrong.</summary>
    Rejected,

    /// <summary>The store is not configured (e.g. no LDAP URL); it took no part.</summary>
    NotConfigured,

    /// <summary>The store could not be asked (unreachable, timed out, protocol error).</summary>
    Unavailable,
}

/// <summary>The outcome of a password check.</summary>
/// <param name="Status">What the store said.</param>
/// <param name="UserName">The user name the session is issued for (a store may normalise it, LDAP lower-cases it).</param>
/// <param name="IsAdmin">Whether the user is an administrator.</param>
public readonly record struct PasswordAuthenticationResult(PasswordAuthenticationStatus Status, string? UserName = null, bool IsAdmin = false)
{
    /// <summary>Rejected credentials.</summary>
    public static PasswordAuthenticationResult Rejected => new(PasswordAuthenticationStatus.Rejected);

    /// <summary>A store that is not configured.</summary>
    public static PasswordAuthenticationResult NotConfigured => new(PasswordAuthenticationStatus.NotConfigured);

    /// <summary>A store that could not be asked.</summary>
    public static PasswordAuthenticationResult Unavailable => new(PasswordAuthenticationStatus.Unavailable);

    /// <summary>Accepted credentials for <paramref name="userName"/>.</summary>
    public static PasswordAuthenticationResult Success(string userName, bool isAdmin) => new(PasswordAuthenticationStatus.Authenticated, userName, isAdmin);

    /// <summary>True when the credentials were accepted.</summary>
    public bool IsAuthenticated => Status == PasswordAuthenticationStatus.Authenticated;
}
