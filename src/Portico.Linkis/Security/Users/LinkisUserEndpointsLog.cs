using Microsoft.Extensions.Logging;
using Portico.Logging;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// Log messages of the user endpoints (event ids 2240-2259 of the Linkis security block). Passwords, tokens, OAuth codes
/// and access tokens are never logged.
/// </summary>
internal static partial class LinkisUserEndpointsLog
{
    [LoggerMessage(EventId = EventIdRanges.Security + 40, Level = LogLevel.Information, Message = "Linkis token login of '{UserName}' (session user '{SessionUser}') from {ClientAddress} succeeded")]
    public static partial void TokenLoginSucceeded(ILogger logger, string userName, string sessionUser, string? clientAddress);

    [LoggerMessage(EventId = EventIdRanges.Security + 41, Level = LogLevel.Warning, Message = "Linkis token login of '{UserName}' from {ClientAddress} failed with error {ErrorCode}")]
    public static partial void TokenLoginFailed(ILogger logger, string userName, string? clientAddress, int errorCode);

    [LoggerMessage(EventId = EventIdRanges.Security + 42, Level = LogLevel.Warning, Message = "Linkis proxy login as '{ProxyUser}' from {ClientAddress} refused: the validation code does not allow it")]
    public static partial void ProxyLoginRefused(ILogger logger, string proxyUser, string? clientAddress);

    [LoggerMessage(EventId = EventIdRanges.Security + 43, Level = LogLevel.Warning, Message = "Linkis OAuth login from {ClientAddress}: exchanging the code at {Url} failed ({Reason})")]
    public static partial void OAuthExchangeFailed(ILogger logger, string? clientAddress, string url, string reason);

    [LoggerMessage(EventId = EventIdRanges.Security + 44, Level = LogLevel.Warning, Message = "Linkis OAuth login from {ClientAddress}: the user lookup at {Url} failed ({Reason}); the login is refused")]
    public static partial void OAuthLookupFailed(ILogger logger, string? clientAddress, string url, string reason);

    [LoggerMessage(EventId = EventIdRanges.Security + 45, Level = LogLevel.Information, Message = "Linkis OAuth login of '{UserName}' (session user '{SessionUser}') from {ClientAddress} succeeded")]
    public static partial void OAuthLoginSucceeded(ILogger logger, string userName, string sessionUser, string? clientAddress);

    [LoggerMessage(EventId = EventIdRanges.Security + 46, Level = LogLevel.Error, Message = "Linkis user endpoint '{Name}' failed; the client was told the failure has been logged")]
    public static partial void EndpointFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.Security + 47, Level = LogLevel.Error, Message = "Linkis logout: the single-sign-on interceptor failed to end its session; the gateway session has ended")]
    public static partial void SsoLogoutFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIdRanges.Security + 48, Level = LogLevel.Information, Message = "Linkis login from {ClientAddress} refused: the password is not encrypted with the gateway's login key")]
    public static partial void EncryptedPasswordMalformed(ILogger logger, string? clientAddress);

    [LoggerMessage(EventId = EventIdRanges.Security + 49, Level = LogLevel.Warning, Message = "Linkis OAuth login from {ClientAddress} refused: its state is missing or is not the one its browser was given")]
    public static partial void OAuthStateMismatch(ILogger logger, string? clientAddress);
}
