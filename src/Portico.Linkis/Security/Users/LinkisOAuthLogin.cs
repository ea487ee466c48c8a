using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Linkis;
using Portico.Security.ClientAddress;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// OAuth 2 authorization-code login (§4.8): <c>oauth-redirect</c> gives the authorize URL, <c>oauth-login?code=…</c>
/// exchanges the code, looks the user up and logs them in with a ticket cookie. A lookup that names no user is refused
/// (D13) instead of logging in a user called <c>null</c>.
/// </summary>
internal sealed class LinkisOAuthLogin(
    LinkisOAuthClient client,
    ILinkisSessionService sessions,
    ILinkisSecuritySettings settings,
    IClientAddressResolver clientAddresses,
    ILogger<LinkisOAuthLogin> logger)
{
    // Authorization codes are short; anything longer is not one and is not sent on.
    internal const int MaxCodeLength = 2048;

    /// <summary>The cookie that holds the <c>state</c> of the login a browser started.</summary>
    internal const string StateCookieName = "linkis_oauth_state";

    // Long enough to sign in at the authorization server, short enough that a stale login is not resumed.
    private const int StateLifetimeSeconds = 600;

    private static readonly CompositeFormat ExchangeFailed = CompositeFormat.Parse(LinkisUserEndpointMessages.OAuthExchangeFailedFormat);

    /// <summary>
    /// <c>oauth-redirect</c>: 401 when OAuth is off, else the authorize URL in <c>data.redirectUrl</c>; with
    /// <see cref="LinkisOAuthConfig.RequireState"/> the URL carries a fresh <c>state</c>, also set in the browser's cookie.
    /// </summary>
    public LinkisUserAnswer Redirect()
    {
        var config = settings.Current;
        var oauth = config.UserEndpoints.OAuth;
        if (!oauth.Enabled)
        {
            return LinkisUserAnswer.NotLoggedIn(LinkisUserEndpointMessages.OAuthDisabled);
        }

        if (!oauth.RequireState)
        {
            return LinkisUserAnswer.Ok(LinkisUserEndpointMessages.OAuthRedirectCreated, [new("redirectUrl", AuthorizeUrl(oauth))]);
        }

        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        return LinkisUserAnswer.Ok(LinkisUserEndpointMessages.OAuthRedirectCreated, [new("redirectUrl", AuthorizeUrl(oauth, state))]) with
        {
            SetCookies = [StateCookie(state, StateLifetimeSeconds, config.Cookie.Secure)],
        };
    }

    /// <summary><c>oauth-login</c>: the already-logged-in answer, or the code exchange and user lookup.</summary>
    public async ValueTask<LinkisUserAnswer> LoginAsync(LinkisRequestContext context, CancellationToken cancellationToken)
    {
        var http = context.Exchange.HttpContext;
        if (sessions.Resolve(LinkisUserRequest.Cookie(http, sessions.TicketCookieName), headerTicket: null).UserName is { } loggedIn)
        {
            return LinkisUserAnswer.AlreadyLoggedIn(loggedIn);
        }

        var config = settings.Current;
        var oauth = config.UserEndpoints.OAuth;
        if (!oauth.Enabled)
        {
            return LinkisUserAnswer.NotLoggedIn(LinkisUserEndpointMessages.OAuthDisabled);
        }

        var code = context.FirstQueryValue("code");
        if (string.IsNullOrWhiteSpace(code))
        {
            return LinkisUserAnswer.NotLoggedIn(LinkisUserEndpointMessages.OAuthCodeMissing);
        }

        var clientAddress = LinkisUserRequest.ClientAddress(http, clientAddresses);

        // Before the code is spent: a callback forged into this browser carries the attacker's code but not our state.
        if (oauth.RequireState && !StateMatches(context.FirstQueryValue("state"), LinkisUserRequest.Cookie(http, StateCookieName)))
        {
            LinkisUserEndpointsLog.OAuthStateMismatch(logger, clientAddress);
            return LinkisUserAnswer.NotLoggedIn(LinkisUserEndpointMessages.OAuthStateMismatch);
        }

        var exchanged = code.Length > MaxCodeLength
            ? OAuthCallResult.Fail($"the code has {code.Length} characters, more than {MaxCodeLength}")
            : await client.ExchangeCodeAsync(oauth, code, clientAddress, cancellationToken).ConfigureAwait(false);
        if (exchanged.Value is not { } accessToken)
        {
            LinkisUserEndpointsLog.OAuthExchangeFailed(logger, clientAddress, oauth.ExchangeUrl, exchanged.Failure!);
            return LinkisUserAnswer.NotLoggedIn(string.Format(CultureInfo.InvariantCulture, ExchangeFailed, Mask(code)));
        }

        var lookup = await client.LookupUserAsync(oauth, accessToken, cancellationToken).ConfigureAwait(false);
        var userName = lookup.Value;
        var failure = lookup.Failure;
        if (userName is not null && !IsUsableUserName(userName))
        {
            failure = "the user name is longer than " + LinkisLoginService.MaxUserNameLength + " characters or has control characters";
            userName = null;
        }

        if (userName is null)
        {
            LinkisUserEndpointsLog.OAuthLookupFailed(logger, clientAddress, oauth.ValidateUrl, failure!);
            return LinkisUserAnswer.NotLoggedIn(LinkisUserEndpointMessages.OAuthUserLookupFailed);
        }

        var issued = await sessions.IssueAsync(userName, remember: true, cancellationToken).ConfigureAwait(false);
        LinkisUserEndpointsLog.OAuthLoginSucceeded(logger, userName, issued.UserName, clientAddress);
        var host = LinkisUserRequest.Host(http);
        return LinkisUserAnswer.Ok(LinkisUserMessages.LoginSucceeded, [new("userName", userName), new("isAdmin", false)])
            .WithLoginData(config) with
        {
            SetCookies = oauth.RequireState
                ? [sessions.TicketCookie(issued.Ticket, host), LinkisCookies.Clear(config.Cookie, config.Cookie.ProxyName, host), StateCookie("", 0, config.Cookie.Secure)]
                : [sessions.TicketCookie(issued.Ticket, host), LinkisCookies.Clear(config.Cookie, config.Cookie.ProxyName, host)],
        };
    }

    /// <summary>
    /// <c>&lt;authentication-url&gt;?client_id=&lt;id&gt;&amp;response_type=code[&amp;scope=&lt;scope&gt;]</c>, the values
    /// percent-encoded and joined with <c>&amp;</c> when the URL already has a query.
    /// </summary>
    internal static string AuthorizeUrl(LinkisOAuthConfig oauth, string? state = null)
    {
        var url = oauth.AuthenticationUrl;
        var sb = new StringBuilder(url.Length + oauth.ClientId.Length + oauth.Scope.Length + 48).Append(url);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        sb.Append(query < 0 ? "?" : query == url.Length - 1 || url.EndsWith('&') ? "" : "&");
        sb.Append("client_id=").Append(Uri.EscapeDataString(oauth.ClientId)).Append("&response_type=code");
        if (oauth.Scope.Length > 0)
        {
            sb.Append("&scope=").Append(Uri.EscapeDataString(oauth.Scope));
        }

        if (state is not null)
        {
            sb.Append("&state=").Append(state);
        }

        return sb.ToString();
    }

    /// <summary>Whether the callback's <c>state</c> is the one in the browser's cookie (compared in constant time).</summary>
    internal static bool StateMatches(string? fromQuery, string? fromCookie)
    {
        if (string.IsNullOrEmpty(fromQuery) || string.IsNullOrEmpty(fromCookie) || fromQuery.Length != fromCookie.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(fromQuery), Encoding.ASCII.GetBytes(fromCookie));
    }

    // Host-only and on the whole site: the callback may come to any path the authorization server is told to use.
    private static string StateCookie(string state, int maxAgeSeconds, bool secure) =>
        $"{StateCookieName}={state}; Max-Age={maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax{(secure ? "; Secure" : "")}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The first four characters of a code followed by <c>***</c>, as Portico masks tokens (D10).</summary>
    internal static string Mask(string code) => code.Length <= 4 ? "***" : string.Concat(code.AsSpan(0, 4), "***");

    private static bool IsUsableUserName(string userName)
    {
        if (userName.Length > LinkisLoginService.MaxUserNameLength)
        {
            return false;
        }

        foreach (var c in userName)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
