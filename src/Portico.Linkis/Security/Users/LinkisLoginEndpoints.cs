using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Linkis;
using Portico.Security.ClientAddress;
using Portico.Security.Linkis.Access;
using Portico.Security.Linkis.Throttling;
using Portico.Security.Linkis.Tokens;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// The endpoints that log a user in: <c>login</c> (password, optionally RSA-encrypted), <c>proxy</c> (validation code)
/// and <c>token-login</c> (Linkis token). Failed proxy and token logins count towards the same limits as failed
/// passwords, so none of them can be used to guess a secret.
/// </summary>
internal sealed class LinkisLoginEndpoints(
    ILinkisLoginService logins,
    ILinkisSessionService sessions,
    ILoginThrottle throttle,
    ILinkisSecuritySettings settings,
    IClientAddressResolver clientAddresses,
    LinkisLoginKeyPair loginKey,
    ILogger<LinkisLoginEndpoints> logger,
    ILinkisTokenAuthenticator? tokens = null)
{
    private const string WebLoginHeader = "webLogin";

    /// <summary><c>login</c>: the already-logged-in answer, or a password login through the login service.</summary>
    public async ValueTask<LinkisUserAnswer> LoginAsync(LinkisRequestContext context, CancellationToken cancellationToken)
    {
        var http = context.Exchange.HttpContext;
        var ticket = LinkisUserRequest.Cookie(http, sessions.TicketCookieName);
        var current = sessions.Resolve(ticket, headerTicket: null);
        if (current.UserName is { } loggedIn)
        {
            return LinkisUserAnswer.AlreadyLoggedIn(loggedIn);
        }

        if (!LoginCredentialsReader.TryRead(context, out var credentials, out var error))
        {
            return LinkisUserAnswer.Failed(context.Path, error!);
        }

        var config = settings.Current;
        var clientAddress = LinkisUserRequest.ClientAddress(http, clientAddresses);
        var password = credentials.Password;
        if (config.UserEndpoints.LoginEncrypt && !string.IsNullOrWhiteSpace(credentials.UserName) && !string.IsNullOrWhiteSpace(password)
            && !loginKey.TryDecrypt(password, out password))
        {
            LinkisUserEndpointsLog.EncryptedPasswordMalformed(logger, clientAddress);
            return LinkisUserAnswer.Failed(
                context.Path,
                $"the password must be the Base64 of its RSA encryption with the key from {context.Settings.UserUri}/publicKey; the key changes when the gateway restarts.");
        }

        var webLogin = string.Equals(LinkisUserRequest.Header(http, WebLoginHeader), "true", StringComparison.OrdinalIgnoreCase);
        var request = new LinkisLoginRequest(credentials.UserName, password, clientAddress, LinkisUserRequest.Host(http), webLogin, ticket);
        var result = await logins.LoginAsync(request, cancellationToken).ConfigureAwait(false);
        return LinkisUserAnswer.From(result).WithLoginData(config);
    }

    /// <summary><c>proxy</c>: logs in as <c>proxyUser</c> when the proxy-user file lets <c>validationCode</c> do so.</summary>
    public async ValueTask<LinkisUserAnswer> ProxyAsync(LinkisRequestContext context, CancellationToken cancellationToken)
    {
        var proxyUser = context.FirstQueryValue("proxyUser");
        var validationCode = context.FirstQueryValue("validationCode");
        if (proxyUser is null || validationCode is null)
        {
            return LinkisUserAnswer.Failed(context.Path, LinkisUserEndpointMessages.ProxyParametersMissing);
        }

        var http = context.Exchange.HttpContext;
        var clientAddress = LinkisUserRequest.ClientAddress(http, clientAddresses);
        var decision = throttle.Check(proxyUser, clientAddress);
        if (!decision.Allowed)
        {
            return LinkisUserAnswer.Throttled(decision);
        }

        var result = await logins.ProxyLoginAsync(proxyUser, validationCode, LinkisUserRequest.Host(http), cancellationToken).ConfigureAwait(false);
        if (result.SessionUser is null)
        {
            throttle.RecordFailure(proxyUser, clientAddress);
            LinkisUserEndpointsLog.ProxyLoginRefused(logger, proxyUser, clientAddress);
        }
        else
        {
            throttle.RecordSuccess(proxyUser, clientAddress);
        }

        return LinkisUserAnswer.From(result);
    }

    /// <summary>
    /// <c>token-login</c> (POST only): checks <c>Token-Code</c> and <c>Token-User</c> (headers, else cookies) as §4.5 does,
    /// then logs the token user in with a ticket cookie on the response.
    /// </summary>
    public async ValueTask<LinkisUserAnswer> TokenLoginAsync(LinkisRequestContext context, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(context.Method))
        {
            return LinkisUserAnswer.Error(LinkisUserEndpointMessages.TokenLoginPostOnly);
        }

        var config = settings.Current;
        if (!config.Tokens.Enabled || tokens is null)
        {
            return LinkisUserAnswer.NotLoggedIn(LinkisAccessMessages.TokenAuthenticationDisabled, context.Path);
        }

        var http = context.Exchange.HttpContext;
        if (!LinkisTokenRequest.TryRead(http.Request.Headers, out var tokenCode, out var tokenUser))
        {
            return LinkisUserAnswer.NotLoggedIn(LinkisAccessMessages.TokenValuesMissing, context.Path);
        }

        var clientAddress = LinkisUserRequest.ClientAddress(http, clientAddresses);
        var decision = throttle.Check(tokenUser, clientAddress);
        if (!decision.Allowed)
        {
            return LinkisUserAnswer.Throttled(decision);
        }

        var result = await tokens.AuthenticateAsync(tokenCode, tokenUser, clientAddress, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throttle.RecordFailure(tokenUser, clientAddress);
            LinkisUserEndpointsLog.TokenLoginFailed(logger, tokenUser, clientAddress, result.ErrorCode);
            return LinkisUserAnswer.NotLoggedIn(result.Message ?? LinkisUserMessages.NotLoggedIn, context.Path);
        }

        throttle.RecordSuccess(tokenUser, clientAddress);
        var userName = result.UserName ?? tokenUser;
        var issued = await sessions.IssueAsync(userName, remember: true, cancellationToken).ConfigureAwait(false);
        LinkisUserEndpointsLog.TokenLoginSucceeded(logger, userName, issued.UserName, clientAddress);
        var host = LinkisUserRequest.Host(http);
        return LinkisUserAnswer.Ok(LinkisUserMessages.LoginSucceeded, [new("userName", userName), new("isAdmin", false)]) with
        {
            SetCookies = [sessions.TicketCookie(issued.Ticket, host), LinkisCookies.Clear(config.Cookie, config.Cookie.ProxyName, host)],
        };
    }
}
