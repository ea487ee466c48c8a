using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Linkis;
using Portico.Security.Linkis.Access;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// The gateway's own user endpoints (§4.3), dispatched by name exactly as Linkis does (case-sensitive, any method except
/// for <c>token-login</c>). Logins live in <see cref="LinkisLoginEndpoints"/> and <see cref="LinkisOAuthLogin"/>; the
/// session and information endpoints are answered here. Every answer is a Linkis <c>Message</c> with the HTTP status
/// Linkis maps its status to; an unexpected failure is logged and answered without detail.
/// </summary>
internal sealed class LinkisUserEndpoints(
    LinkisLoginEndpoints logins,
    LinkisOAuthLogin oauth,
    ILinkisLoginService loginService,
    ILinkisSessionService sessions,
    ILinkisSecuritySettings settings,
    LinkisLoginKeyPair loginKey,
    LinkisSso sso,
    TimeProvider time,
    ILogger<LinkisUserEndpoints> logger) : ILinkisUserEndpoints
{
    private const string SsoLoginPrefix = "sso-login";

    public async Task HandleAsync(LinkisRequestContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(name);
        var http = context.Exchange.HttpContext;
        var aborted = http.RequestAborted;
        LinkisUserAnswer answer;
        try
        {
            answer = await AnswerAsync(context, name, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && aborted.IsCancellationRequested))
        {
            LinkisUserEndpointsLog.EndpointFailed(logger, name, ex);
            answer = LinkisUserAnswer.Failed(context.Path, LinkisUserEndpointMessages.InternalError);
        }

        await answer.WriteAsync(http).ConfigureAwait(false);
    }

    /// <summary>The answer to the endpoint <paramref name="name"/>.</summary>
    internal ValueTask<LinkisUserAnswer> AnswerAsync(LinkisRequestContext context, string name, CancellationToken cancellationToken)
    {
        if (name.StartsWith(SsoLoginPrefix, StringComparison.Ordinal))
        {
            return Done(LinkisUserAnswer.Ok(LinkisUserEndpointMessages.SsoLoginSucceeded));
        }

        return name switch
        {
            "login" => logins.LoginAsync(context, cancellationToken),
            "token-login" => logins.TokenLoginAsync(context, cancellationToken),
            "proxy" => logins.ProxyAsync(context, cancellationToken),
            "oauth-login" => oauth.LoginAsync(context, cancellationToken),
            "oauth-redirect" => Done(oauth.Redirect()),
            "logout" => LogoutAsync(context, cancellationToken),
            "userInfo" => Done(UserInfo(context)),
            "heartbeat" => Done(Heartbeat(context)),
            "publicKey" => Done(PublicKey()),
            "baseinfo" => Done(BaseInfo()),
            "register" => Done(LinkisUserAnswer.Error(LinkisUserEndpointMessages.RegisterNotImplemented)),
            _ => Done(LinkisUserAnswer.Error(LinkisAccessMessages.UnknownUserUri(name))),
        };
    }

    /// <summary>
    /// <c>errCode: 11002 ,desc: You are not logged in, please login first(您尚未登录，请先登录!) ,ip: &lt;host&gt; ,port:
    /// &lt;port&gt; ,serviceKind: &lt;gateway application&gt;</c>: the text of Linkis's <c>NonLoginException</c> raised on this node.
    /// </summary>
    internal static string NotLoggedInText(LinkisRequestContext context)
    {
        var (host, port) = LinkisNode.HostAndPort(context.Exchange.HttpContext, context.Compiled);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"errCode: {LinkisUserEndpointMessages.NotLoggedInCode} ,desc: {LinkisUserEndpointMessages.NotLoggedInDescription} ,ip: {host} ,port: {port} ,serviceKind: {context.Settings.GatewayApplication}");
    }

    private static ValueTask<LinkisUserAnswer> Done(LinkisUserAnswer answer) => ValueTask.FromResult(answer);

    /// <summary><c>logout</c>: ends the session (if any) and the SSO session, deletes both ticket cookies; always 200.</summary>
    private async ValueTask<LinkisUserAnswer> LogoutAsync(LinkisRequestContext context, CancellationToken cancellationToken)
    {
        var http = context.Exchange.HttpContext;
        var ticket = LinkisUserRequest.Cookie(http, sessions.TicketCookieName);
        var result = await loginService.LogoutAsync(ticket, LinkisUserRequest.Host(http), cancellationToken).ConfigureAwait(false);
        if (sso.Interceptor is { } interceptor)
        {
            try
            {
                await interceptor.LogoutAsync(http, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // The gateway's session is over whatever the SSO system says; the user is told so.
                LinkisUserEndpointsLog.SsoLogoutFailed(logger, ex);
            }
        }

        return LinkisUserAnswer.From(result);
    }

    /// <summary><c>userInfo</c>: the user of the ticket; 400 with the 11002 text (tagged with the path) when not logged in.</summary>
    private LinkisUserAnswer UserInfo(LinkisRequestContext context) =>
        Resolve(context) is { } user
            ? LinkisUserAnswer.Ok(LinkisUserMessages.UserInfoSucceeded, [new("userName", user)])
            : LinkisUserAnswer.Error(NotLoggedInText(context), context.Path);

    /// <summary><c>heartbeat</c>: slides the session; 401 with the 11002 text when not logged in.</summary>
    private LinkisUserAnswer Heartbeat(LinkisRequestContext context) =>
        Resolve(context) is not null
            ? LinkisUserAnswer.Ok(LinkisUserMessages.HeartbeatSucceeded)
            : LinkisUserAnswer.NotLoggedIn(NotLoggedInText(context));

    /// <summary><c>publicKey</c>: whether cookies are secure and logins encrypted, with the key when they are.</summary>
    private LinkisUserAnswer PublicKey()
    {
        var config = settings.Current;
        var encrypt = config.UserEndpoints.LoginEncrypt;
        List<KeyValuePair<string, object?>> data = [new("enableSSL", config.Cookie.Secure)];
        if (encrypt)
        {
            data.Add(new("debugTime", time.GetUtcNow().ToUnixTimeMilliseconds()));
            data.Add(new("publicKey", loginKey.PublicKey));
        }

        data.Add(new("enableLoginEncrypt", encrypt));
        return LinkisUserAnswer.Ok(LinkisUserEndpointMessages.PublicKeySucceeded, data);
    }

    /// <summary><c>baseinfo</c>: the web console's switches.</summary>
    private LinkisUserAnswer BaseInfo()
    {
        var endpoints = settings.Current.UserEndpoints;
        return LinkisUserAnswer.Ok(
            LinkisUserEndpointMessages.BaseInfoSucceeded,
            [
                new("resultSetExportEnable", endpoints.ResultSetExportEnabled),
                new("linkisClusterName", endpoints.ClusterName),
                new("engineLogOnlyAdminEnable", endpoints.EngineLogOnlyAdmin),
            ]);
    }

    /// <summary>The logged-in user of the request (its ticket cookie, or the internal RPC ticket header), sliding the session.</summary>
    private string? Resolve(LinkisRequestContext context)
    {
        var http = context.Exchange.HttpContext;
        var name = sessions.TicketCookieName;
        return sessions.Resolve(LinkisUserRequest.Cookie(http, name), LinkisUserRequest.Header(http, name)).UserName;
    }
}
