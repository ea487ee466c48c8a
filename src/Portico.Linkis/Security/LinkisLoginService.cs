using Microsoft.Extensions.Logging;
using Portico.Linkis.Messages;
using Portico.Security.Linkis.Passwords;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Throttling;

namespace Portico.Security.Linkis;

/// <summary>Linkis's login, logout and proxy-login rules over the password chain, the throttle and the session service.</summary>
internal sealed class LinkisLoginService(
    PasswordAuthenticatorChain passwords,
    ILoginThrottle throttle,
    ILinkisSessionService sessions,
    ISessionStore store,
    IProxyUserMap proxyUsers,
    ILinkisSecuritySettings settings,
    ILogger<LinkisLoginService> logger,
    TimeProvider? time = null) : ILinkisLoginService
{
    // Longer names are refused as wrong credentials without asking any store.
    internal const int MaxUserNameLength = 1024;
    internal const int MaxPasswordLength = 4096;

    // A guesser can repeat itself at will: one refusal line per scope per interval, with a count of those held back.
    private readonly Portico.Logging.LogRateLimiter _throttledLog = new(time ?? TimeProvider.System);

    private static readonly System.Text.CompositeFormat TooManyFailedLogins = System.Text.CompositeFormat.Parse(LinkisUserMessages.TooManyFailedLogins);

    public async ValueTask<LinkisUserResult> LoginAsync(LinkisLoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = settings.Current;
        var current = store.Check(request.CurrentTicket);
        if (current.IsValid)
        {
            return LinkisUserResult.Of(LinkisMessageStatus.Success, current.UserName + LinkisUserMessages.AlreadyLoggedInSuffix, [new("userName", current.UserName)])
                with { SessionUser = current.UserName };
        }

        var userName = request.UserName;
        if (string.IsNullOrWhiteSpace(userName))
        {
            return LinkisUserResult.Of(LinkisMessageStatus.Error, LinkisUserMessages.UserNameEmpty);
        }

        if (string.IsNullOrWhiteSpace(request.Password))
        {
            return LinkisUserResult.Of(LinkisMessageStatus.Error, LinkisUserMessages.PasswordBlank);
        }

        if (config.ProhibitSystemUserLogin && request.WebLogin && IsSystemUser(userName, config.SystemUserPrefixes))
        {
            return LinkisUserResult.Of(LinkisMessageStatus.Error, LinkisUserMessages.SystemUserProhibited);
        }

        var decision = throttle.Check(userName, request.ClientAddress);
        if (!decision.Allowed)
        {
            if (logger.IsEnabled(LogLevel.Warning) && _throttledLog.TryAcquire(decision.Scope.ToString(), out var heldBack))
            {
                LinkisSecurityLog.LoginThrottled(logger, userName, request.ClientAddress, decision.Scope, decision.RetryAfterSeconds, heldBack);
            }

            return new LinkisUserResult
            {
                Status = LinkisMessageStatus.Error,
                HttpStatus = LoginThrottleDecision.StatusCode,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TooManyFailedLogins, decision.RetryAfterSeconds),
                RetryAfterSeconds = decision.RetryAfterSeconds,
            };
        }

        var result = userName.Length > MaxUserNameLength || request.Password.Length > MaxPasswordLength
            ? PasswordAuthenticationResult.Rejected
            : await passwords.AuthenticateAsync(userName, request.Password, cancellationToken).ConfigureAwait(false);
        var timeoutMillis = (long)config.SessionTimeout.TotalMilliseconds;
        if (!result.IsAuthenticated)
        {
            // An unreachable store says nothing about the password, so it does not count towards the limits.
            if (result.Status != PasswordAuthenticationStatus.Unavailable)
            {
                throttle.RecordFailure(userName, request.ClientAddress);
            }

            LinkisSecurityLog.LoginFailed(logger, userName, request.ClientAddress, result.Status);
            return LinkisUserResult.Of(LinkisMessageStatus.Error, LinkisUserMessages.WrongCredentials, [new("sessionTimeOut", timeoutMillis), new("enableWatermark", config.EnableWatermark)]);
        }

        throttle.RecordSuccess(userName, request.ClientAddress);
        var loginUser = result.UserName ?? userName;
        var issued = await sessions.IssueAsync(loginUser, remember: true, cancellationToken).ConfigureAwait(false);
        LinkisSecurityLog.LoginSucceeded(logger, loginUser, issued.UserName, request.ClientAddress);
        return LinkisUserResult.Of(
            LinkisMessageStatus.Success,
            LinkisUserMessages.LoginSucceeded,
            [new("userName", loginUser), new("isAdmin", result.IsAdmin), new("sessionTimeOut", timeoutMillis), new("enableWatermark", config.EnableWatermark)])
            with
            {
                SetCookies = [sessions.TicketCookie(issued.Ticket, request.Host), LinkisCookies.Clear(config.Cookie, config.Cookie.ProxyName, request.Host)],
                SessionUser = issued.UserName,
            };
    }

    public async ValueTask<LinkisUserResult> LogoutAsync(string? ticket, string? host, CancellationToken cancellationToken)
    {
        var user = store.Check(ticket).UserName;
        if (await sessions.RevokeAsync(ticket, cancellationToken).ConfigureAwait(false) && user is not null)
        {
            LinkisSecurityLog.LoggedOut(logger, user);
        }

        return LinkisUserResult.Of(LinkisMessageStatus.Success, LinkisUserMessages.LogoutSucceeded) with { SetCookies = sessions.ClearCookies(host) };
    }

    public async ValueTask<LinkisUserResult> ProxyLoginAsync(string? proxyUser, string? validationCode, string? host, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(proxyUser) || !proxyUsers.IsAllowedProxy(validationCode, proxyUser))
        {
            return LinkisUserResult.Of(LinkisMessageStatus.Error, LinkisUserMessages.ProxyValidationFailed);
        }

        var user = proxyUser.ToLowerInvariant();
        var issued = await sessions.IssueAsync(user, remember: true, cancellationToken).ConfigureAwait(false);
        return LinkisUserResult.Of(LinkisMessageStatus.Success, LinkisUserMessages.ProxySucceeded, [new("proxyUser", user)])
            with { SetCookies = [sessions.TicketCookie(issued.Ticket, host)], SessionUser = issued.UserName };
    }

    private static bool IsSystemUser(string userName, IReadOnlyList<string> prefixes)
    {
        var lower = userName.ToLowerInvariant();
        foreach (var prefix in prefixes)
        {
            if (prefix.Length > 0 && lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
