using Microsoft.Extensions.Logging;
using Portico.Logging;
using Portico.Security.Linkis.Passwords;
using Portico.Security.Linkis.Throttling;

namespace Portico.Security.Linkis;

/// <summary>Log messages of the Linkis authentication services (event ids 2200-2299). Passwords, tickets and keys are never logged.</summary>
internal static partial class LinkisSecurityLog
{
    [LoggerMessage(EventId = EventIdRanges.Security + 1, Level = LogLevel.Information, Message = "Linkis security: no admin password is configured (linkis-security.admin-password), so the built-in administrator login '{AdminUser}' is disabled")]
    public static partial void AdminLoginDisabled(ILogger logger, string adminUser);

    [LoggerMessage(EventId = EventIdRanges.Security + 2, Level = LogLevel.Warning, Message = "Linkis security: an insecure crypt key is in use (allow-insecure-crypt-key is on); anyone who knows it can forge sessions")]
    public static partial void InsecureCryptKey(ILogger logger);

    [LoggerMessage(EventId = EventIdRanges.Security + 3, Level = LogLevel.Information, Message = "Linkis security: loaded {Count} live session(s) from {Store}")]
    public static partial void SessionsLoaded(ILogger logger, int count, string store);

    [LoggerMessage(EventId = EventIdRanges.Security + 4, Level = LogLevel.Error, Message = "Linkis security: writing sessions to {Store} failed; sessions keep working from memory and the write is retried")]
    public static partial void SessionPersistenceFailed(ILogger logger, string store, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.Security + 5, Level = LogLevel.Debug, Message = "Linkis security: removed {Removed} idle session(s); {Remaining} remain")]
    public static partial void SessionsSwept(ILogger logger, int removed, int remaining);

    [LoggerMessage(EventId = EventIdRanges.Security + 6, Level = LogLevel.Information, Message = "Linkis login of '{UserName}' (session user '{SessionUser}') from {ClientAddress} succeeded")]
    public static partial void LoginSucceeded(ILogger logger, string userName, string sessionUser, string? clientAddress);

    [LoggerMessage(EventId = EventIdRanges.Security + 7, Level = LogLevel.Warning, Message = "Linkis login of '{UserName}' from {ClientAddress} failed ({Outcome})")]
    public static partial void LoginFailed(ILogger logger, string userName, string? clientAddress, PasswordAuthenticationStatus outcome);

    [LoggerMessage(EventId = EventIdRanges.Security + 8, Level = LogLevel.Warning, Message = "Linkis login of '{UserName}' from {ClientAddress} refused: too many failures per {Scope}; retry in {RetryAfterSeconds} s ({HeldBack} similar line(s) held back)")]
    public static partial void LoginThrottled(ILogger logger, string userName, string? clientAddress, LoginThrottleScope scope, int retryAfterSeconds, long heldBack);

    [LoggerMessage(EventId = EventIdRanges.Security + 81, Level = LogLevel.Information, Message = "Linkis security: loaded {Count} login throttle entr(ies) from {Store}")]
    public static partial void ThrottleLoaded(ILogger logger, int count, string store);

    [LoggerMessage(EventId = EventIdRanges.Security + 82, Level = LogLevel.Error, Message = "Linkis security: writing the login throttle to {Store} failed; it keeps working from memory and the write is retried")]
    public static partial void ThrottlePersistenceFailed(ILogger logger, string store, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.Security + 9, Level = LogLevel.Error, Message = "Linkis security: the LDAP server {Url} could not be asked")]
    public static partial void LdapUnavailable(ILogger logger, string url, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.Security + 10, Level = LogLevel.Error, Message = "Linkis security: the LDAP URL '{Url}' is not ldap://host[:port] or ldaps://host[:port]")]
    public static partial void LdapUrlInvalid(ILogger logger, string url);

    [LoggerMessage(EventId = EventIdRanges.Security + 11, Level = LogLevel.Debug, Message = "Linkis security: LDAP refused the bind of '{UserName}' with result {ResultCode} ({Diagnostic})")]
    public static partial void LdapBindRejected(ILogger logger, string userName, int resultCode, string diagnostic);

    [LoggerMessage(EventId = EventIdRanges.Security + 12, Level = LogLevel.Information, Message = "Linkis security: read {Count} user(s) from {Path}")]
    public static partial void UsersFileLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = EventIdRanges.Security + 13, Level = LogLevel.Error, Message = "Linkis security: the users file {Path} cannot be used: {Problem}; the last good version stays in force")]
    public static partial void UsersFileInvalid(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = EventIdRanges.Security + 14, Level = LogLevel.Information, Message = "Linkis security: read {Count} proxy-user entr(ies) from {Path}")]
    public static partial void ProxyUserFileLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = EventIdRanges.Security + 15, Level = LogLevel.Error, Message = "Linkis security: the proxy-user file {Path} cannot be used: {Problem}; the last good version stays in force")]
    public static partial void ProxyUserFileInvalid(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = EventIdRanges.Security + 16, Level = LogLevel.Information, Message = "Linkis logout of '{UserName}'")]
    public static partial void LoggedOut(ILogger logger, string userName);

    [LoggerMessage(EventId = EventIdRanges.Security + 17, Level = LogLevel.Debug, Message = "Linkis security: '{UserName}' authenticated by the {Authenticator} store")]
    public static partial void PasswordAccepted(ILogger logger, string userName, string authenticator);

    [LoggerMessage(EventId = EventIdRanges.Security + 18, Level = LogLevel.Debug, Message = "Linkis security: issued a ticket for '{UserName}' (session user '{SessionUser}')")]
    public static partial void SessionIssued(ILogger logger, string userName, string sessionUser);

    [LoggerMessage(EventId = EventIdRanges.Security + 19, Level = LogLevel.Error, Message = "Linkis security: the session sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
