using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portico.Configuration;
using Portico.Filters;
using Portico.Logging;
using Portico.Linkis.Messages;
using Portico.Linkis;
using Portico.Security.ClientAddress;
using Portico.Security.Linkis.Access;
using Portico.Security.Linkis.Tokens;
using Portico.Security.Linkis.Users;

namespace Portico.Security.Linkis;

/// <summary>
/// Linkis's security layer (§4.1) on the Linkis routes while <c>linkis-security.enabled</c> is on, after the body is
/// read and before parsing. In order: the IP whitelist (socket address), referer validation, then the request's kind:
/// below the user URI it is answered by the user endpoints and stops here; a pass-auth prefix goes on anonymously; a
/// token request is authenticated by its token and forwarded with a fresh ticket cookie; anything else needs a live
/// session (or test mode, or the no-auth pattern) and is refused with Linkis's 401 otherwise. Last come the per-user
/// and per-IP allow-lists. A request let through carries its <see cref="LinkisIdentity"/>. WebSocket handshakes are
/// authenticated the same way. CORS (§1.4, preflights before authentication) is answered by the gateway's CORS step.
/// </summary>
internal sealed partial class LinkisSecurityFilter(
    LinkisPipeline pipeline,
    LinkisAccessPolicyCache policies,
    LinkisIpWhitelist whitelist,
    IClientAddressResolver addresses,
    ILinkisSessionService sessions,
    IEnumerable<ILinkisTokenAuthenticator> tokenAuthenticators,
    IEnumerable<LinkisSso> ssos,
    IEnumerable<ILinkisUserEndpoints> userEndpoints,
    TimeProvider time,
    ILogger<LinkisSecurityFilter> logger) : IGlobalFilter
{
    // The optional services, the last registered of each as the container would give it: without a token
    // authenticator token requests get the disabled answer; without SSO or user endpoints (which own SSO) there is no
    // single sign-on and every name is unknown.
    private readonly ILinkisTokenAuthenticator? _tokens = tokenAuthenticators.LastOrDefault();
    private readonly LinkisSso? _sso = ssos.LastOrDefault();
    private readonly ILinkisUserEndpoints? _userEndpoints = userEndpoints.LastOrDefault();

    // Refusals are caused by the client and repeat as often as it likes: one line per kind per interval.
    private LogRateLimiter? _refusalLog;

    public int Order => LinkisFilterOrder.Security;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (!LinkisPipeline.IsLinkisRoute(exchange, out var role) || !exchange.Config.LinkisSecurity.Enabled)
        {
            return chain.FilterAsync(exchange);
        }

        return FilterLinkisAsync(exchange, role == LinkisRoutes.WebSocket, chain);
    }

    public override string ToString() => "[LinkisSecurity]";

    // Every request on a Linkis route awaits the rest of the chain here: pool the state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FilterLinkisAsync(GatewayExchange exchange, bool webSocket, GatewayFilterChain chain)
    {
        var http = exchange.HttpContext;
        var context = pipeline.ContextOf(exchange);
        LinkisIdentity? identity;
        try
        {
            identity = await AuthenticateAsync(exchange, context, webSocket);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Linkis lets such failures reach Spring's error handler: a 500 in the framework shape, nothing leaked.
            LogFailed(logger, context.Path, ex);
            await LinkisResponseWriter.WriteFrameworkErrorAsync(http, StatusCodes.Status500InternalServerError, context.Path);
            return;
        }

        if (identity is not null)
        {
            http.SetLinkisIdentity(identity);
            await chain.FilterAsync(exchange);
        }
    }

    /// <summary>Runs the checks; the identity to continue with, or null when the request has been answered.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<LinkisIdentity?> AuthenticateAsync(GatewayExchange exchange, LinkisRequestContext context, bool webSocket)
    {
        var http = exchange.HttpContext;
        var request = exchange.Request;
        var policy = policies.Get(exchange.Config.LinkisSecurity);
        var peer = SocketAddress(http);

        if (policy.WhitelistEnabled && (peer is null || !whitelist.Contains(policy, peer)))
        {
            var address = LinkisAccessControl.Format(peer);
            if (ShouldLogRefusal("whitelist", out var heldBack))
            {
                LogNotWhitelisted(logger, address, context.Path, heldBack);
            }

            await AnswerAsync(http, LinkisMessage.Error(LinkisAccessMessages.NotInWhitelist(address)));
            return null;
        }

        if (policy.ValidateReferer && LinkisRefererCheck.Refuse(policy, request, webSocket) is { } refererProblem)
        {
            if (ShouldLogRefusal("referer", out var heldBack))
            {
                LogRefused(logger, context.Method, context.Path, refererProblem, heldBack);
            }

            await AnswerAsync(http, new LinkisMessage(null, LinkisMessageStatus.ValidationFailed, refererProblem));
            return null;
        }

        var userUri = context.Compiled.UserUriPrefix;
        if (context.Path.StartsWith(userUri, StringComparison.Ordinal))
        {
            await HandleUserEndpointAsync(exchange, context, context.Path[userUri.Length..]);
            return null;
        }

        // Anonymous access is decided on the path the backend receives (dot segments removed), never on a raw form that
        // could name an anonymous prefix while resolving to another path.
        var path = request.Path.Value ?? "/";
        var passAuth = policy.IsPassAuth(path);

        // With single sign-on on, pass-auth paths are no longer anonymous: Linkis sends browsers without a session to
        // the SSO login page instead.
        var sso = _sso?.Interceptor;
        if (passAuth && sso is null)
        {
            return LinkisIdentity.Anonymous;
        }

        var identity = LinkisTokenRequest.IsTokenRequest(request.Headers, out var codeHeader, out var userHeader)
            ? await AuthenticateTokenAsync(exchange, context, policy, codeHeader, userHeader)
            : await AuthenticateSessionAsync(exchange, context, policy, path, passAuth, sso);
        if (identity is null || passAuth)
        {
            return identity;
        }

        var prohibited = LinkisAccessControl.RefuseUser(policy, identity.UserName, peer) ?? LinkisAccessControl.RefuseUrl(policy, peer, path);
        if (prohibited is not null)
        {
            if (ShouldLogRefusal("access", out var heldBack))
            {
                LogRefused(logger, context.Method, context.Path, prohibited, heldBack);
            }

            await AnswerAsync(http, LinkisMessage.Error(prohibited));
            return null;
        }

        return identity;
    }

    private async ValueTask<LinkisIdentity?> AuthenticateSessionAsync(
        GatewayExchange exchange,
        LinkisRequestContext context,
        LinkisAccessPolicy policy,
        string path,
        bool passAuth,
        ILinkisSsoInterceptor? sso)
    {
        var http = exchange.HttpContext;
        var headers = exchange.Request.Headers;
        var name = sessions.TicketCookieName;
        var cookieTicket = LinkisRequestCookies.Find(headers.Cookie, name);
        var headerValues = headers[name];
        var resolution = sessions.Resolve(cookieTicket, headerValues.Count > 0 ? headerValues[0] : null);
        if (resolution.UserName is { } user)
        {
            return resolution.Source == LinkisSessionSource.InternalRpcHeader
                ? new LinkisIdentity(user, LinkisAuthenticationMethod.InternalRpcHeader, false, headerValues[0])
                : new LinkisIdentity(user, LinkisAuthenticationMethod.Session, user == policy.AdminUser, cookieTicket);
        }

        if (policy.TestUser is { } testUser)
        {
            // Linkis sets the test user's ticket on the response; Portico forwards it too (§1.5), so backends see the user.
            var issued = await sessions.IssueAsync(testUser, remember: true, http.RequestAborted);
            http.Response.OnStarting(AppendSetCookie, (http.Response, sessions.TicketCookie(issued.Ticket, exchange.Request.Host.Value)));
            headers.Cookie = LinkisRequestCookies.With(headers.Cookie, name, issued.Ticket);
            LogTestModeLogin(logger, issued.UserName, context.Path);
            return new LinkisIdentity(issued.UserName, LinkisAuthenticationMethod.TestMode, issued.UserName == policy.AdminUser, issued.Ticket);
        }

        if (sso is not null)
        {
            return await AuthenticateSingleSignOnAsync(exchange, context, policy, passAuth, sso);
        }

        if (policy.IsNoAuth(path, out var timedOut))
        {
            return LinkisIdentity.Anonymous;
        }

        if (timedOut)
        {
            LogNoAuthTimeout(logger, context.Path);
        }

        LogNotLoggedIn(logger, context.Method, context.Path);
        await AnswerAsync(http, NotLoggedIn(context, LinkisUserMessages.NotLoggedIn));
        return null;
    }

    /// <summary>
    /// §4.8: a request without a session asks the SSO system for its user. A known user gets a ticket on the forwarded
    /// request only (as Linkis does); otherwise a pass-auth request is redirected to the SSO login page (307) and any
    /// other gets the not-logged-in 401 naming that page, so a script can tell where to log in.
    /// </summary>
    private async ValueTask<LinkisIdentity?> AuthenticateSingleSignOnAsync(
        GatewayExchange exchange,
        LinkisRequestContext context,
        LinkisAccessPolicy policy,
        bool passAuth,
        ILinkisSsoInterceptor sso)
    {
        var http = exchange.HttpContext;
        var user = await sso.GetUserAsync(http, http.RequestAborted);
        if (!string.IsNullOrWhiteSpace(user))
        {
            // Not remembered: the client never sees this ticket (its SSO cookie is its session), so a stored session per
            // request would only pile up. Backends read the ticket with the shared crypt key.
            var issued = sessions.IssueForwarded(user);
            var headers = exchange.Request.Headers;
            headers.Cookie = LinkisRequestCookies.With(headers.Cookie, sessions.TicketCookieName, issued.Ticket);
            LogSingleSignOn(logger, issued.UserName, context.Path);
            return new LinkisIdentity(issued.UserName, LinkisAuthenticationMethod.SingleSignOn, issued.UserName == policy.AdminUser, issued.Ticket);
        }

        var loginPage = sso.RedirectTo(new Uri(http.Request.GetEncodedUrl()));
        LogNotLoggedIn(logger, context.Method, context.Path);
        if (passAuth)
        {
            http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            http.Response.Headers.Location = loginPage;
            return null;
        }

        await AnswerAsync(http, NotLoggedIn(context, LinkisUserMessages.NotLoggedIn).WithData("enableSSO", true).WithData("SSOURL", loginPage));
        return null;
    }

    // Token requests always wait for the token store and the cipher: pool the state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<LinkisIdentity?> AuthenticateTokenAsync(
        GatewayExchange exchange,
        LinkisRequestContext context,
        LinkisAccessPolicy policy,
        StringValues codeHeader,
        StringValues userHeader)
    {
        var http = exchange.HttpContext;
        var headers = exchange.Request.Headers;
        var authenticator = _tokens;
        if (!policy.TokensEnabled || authenticator is null)
        {
            await AnswerAsync(http, NotLoggedIn(context, LinkisAccessMessages.TokenAuthenticationDisabled));
            return null;
        }

        if (!LinkisTokenRequest.TryRead(codeHeader, userHeader, headers.Cookie, out var code, out var tokenUser))
        {
            await AnswerAsync(http, NotLoggedIn(context, LinkisAccessMessages.TokenValuesMissing));
            return null;
        }

        var host = addresses.GetClientAddress(http)?.ToString();
        var result = await authenticator.AuthenticateAsync(code, tokenUser, host, http.RequestAborted);
        if (!result.Succeeded || string.IsNullOrEmpty(result.UserName))
        {
            if (ShouldLogRefusal("token", out var heldBack))
            {
                LogTokenFailed(logger, tokenUser, host, result.ErrorCode, context.Path, heldBack);
            }

            await AnswerAsync(http, NotLoggedIn(context, result.Message ?? "Token Authentication Failed"));
            return null;
        }

        // The ticket goes to the backend only (§1.5): the client keeps authenticating with its token.
        var remember = policy.TokensAlive || LinkisTokenRequest.IsAlive(headers);
        var issued = remember ? await sessions.IssueKeptAsync(result.UserName, http.RequestAborted) : sessions.IssueForwarded(result.UserName);
        headers.Cookie = LinkisRequestCookies.With(headers.Cookie, sessions.TicketCookieName, issued.Ticket);
        return new LinkisIdentity(issued.UserName, LinkisAuthenticationMethod.Token, issued.UserName == policy.AdminUser, issued.Ticket);
    }

    private async ValueTask HandleUserEndpointAsync(GatewayExchange exchange, LinkisRequestContext context, string name)
    {
        // Answered by the gateway and never forwarded, whatever the outcome.
        exchange.MarkRouted();
        if (_userEndpoints is { } endpoints)
        {
            await endpoints.HandleAsync(context, name);
            return;
        }

        await LinkisResponseWriter.WriteMessageAsync(exchange.HttpContext, LinkisMessage.Error(LinkisAccessMessages.UnknownUserUri(name)), StatusCodes.Status404NotFound);
    }

    private static LinkisMessage NotLoggedIn(LinkisRequestContext context, string message) =>
        new(context.Path, LinkisMessageStatus.NotLoggedIn, message);

    private static ValueTask<bool> AnswerAsync(HttpContext http, LinkisMessage message) =>
        LinkisResponseWriter.WriteMessageAsync(http, message, LinkisMessage.ToHttpStatus(message.Status));

    private static Task AppendSetCookie(object state)
    {
        var (response, cookie) = ((HttpResponse, string))state;
        response.Headers.Append(HeaderNames.SetCookie, cookie);
        return Task.CompletedTask;
    }

    private bool ShouldLogRefusal(string kind, out long heldBack)
    {
        heldBack = 0;
        return logger.IsEnabled(LogLevel.Information)
            && (_refusalLog ??= new LogRateLimiter(time)).TryAcquire(kind, out heldBack);
    }

    private static IPAddress? SocketAddress(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 63, Level = LogLevel.Warning, Message = "Linkis security: {Address} is not in the IP whitelist; refused {Path} ({HeldBack} more refusals of this kind not logged since the last)")]
    private static partial void LogNotWhitelisted(ILogger logger, string address, string path, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 64, Level = LogLevel.Information, Message = "Linkis security: refused {Method} {Path}: {Reason} ({HeldBack} more refusals of this kind not logged since the last)")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 65, Level = LogLevel.Debug, Message = "Linkis security: {Method} {Path} is not logged in")]
    private static partial void LogNotLoggedIn(ILogger logger, string method, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 66, Level = LogLevel.Information, Message = "Linkis security: token authentication of '{TokenUser}' from {Host} failed with {ErrorCode} on {Path} ({HeldBack} more failures not logged since the last)")]
    private static partial void LogTokenFailed(ILogger logger, string tokenUser, string? host, int errorCode, string path, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 67, Level = LogLevel.Information, Message = "Linkis security: test mode logged {Path} in as '{UserName}'")]
    private static partial void LogTestModeLogin(ILogger logger, string userName, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 68, Level = LogLevel.Warning, Message = "Linkis security: the no-auth pattern ran out of time on {Path}; the request is treated as not matching")]
    private static partial void LogNoAuthTimeout(ILogger logger, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 78, Level = LogLevel.Debug, Message = "Linkis security: single sign-on logged {Path} in as '{UserName}'")]
    private static partial void LogSingleSignOn(ILogger logger, string userName, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 69, Level = LogLevel.Error, Message = "Linkis security: authenticating {Path} failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
