using Microsoft.Extensions.Logging;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Tickets;

namespace Portico.Security.Linkis;

/// <summary>Joins the ticket cipher, the session store and the proxy-user map into Linkis's session behaviour.</summary>
internal sealed class LinkisSessionService(
    ILinkisTicketCipher cipher,
    ISessionStore store,
    IProxyUserMap proxyUsers,
    ILinkisSecuritySettings settings,
    TimeProvider time,
    ILogger<LinkisSessionService> logger) : ILinkisSessionService
{
    /// <summary>The identity Linkis services use between themselves; accepted from the ticket header only.</summary>
    public const string InternalRpcUser = "dataworkcloud_rpc_user";

    /// <summary>How long the ticket forwarded for a user (token and single sign-on requests) is handed out again.</summary>
    public static readonly TimeSpan ForwardedTicketReuse = TimeSpan.FromSeconds(1);

    /// <summary>How long the kept ticket of a user (<c>Token-Alive</c>) is handed out again, while its session lives.</summary>
    public static readonly TimeSpan KeptTicketReuse = TimeSpan.FromMinutes(1);

    private readonly UserTicketCache _forwarded = new(cipher, time, ForwardedTicketReuse);

    // Without reuse, a Token-Alive client would leave one stored session per request until the idle timeout.
    private readonly UserTicketCache _kept = new(cipher, time, KeptTicketReuse);

    public string TicketCookieName => settings.Current.Cookie.Name;

    public LinkisSessionResolution Resolve(string? cookieTicket, string? headerTicket)
    {
        var check = store.Check(cookieTicket);
        if (check.IsValid)
        {
            return new LinkisSessionResolution(check.UserName, LinkisSessionSource.Session);
        }

        if (check.Status == SessionCheckStatus.Unknown && !string.IsNullOrEmpty(headerTicket))
        {
            var header = cipher.Read(headerTicket);
            if (header.IsValid && header.UserName == InternalRpcUser)
            {
                return new LinkisSessionResolution(InternalRpcUser, LinkisSessionSource.InternalRpcHeader);
            }
        }

        return default;
    }

    public async ValueTask<LinkisIssuedTicket> IssueAsync(string userName, bool remember, CancellationToken cancellationToken)
    {
        var sessionUser = SessionUser(userName);
        var ticket = cipher.Issue(sessionUser, time.GetUtcNow());
        if (remember)
        {
            await store.AddAsync(ticket, sessionUser, cancellationToken).ConfigureAwait(false);
        }

        LinkisSecurityLog.SessionIssued(logger, userName, sessionUser);
        return new LinkisIssuedTicket(ticket, sessionUser);
    }

    public LinkisIssuedTicket IssueForwarded(string userName)
    {
        var sessionUser = SessionUser(userName);
        if (!_forwarded.TryReuse(sessionUser, out var ticket))
        {
            ticket = _forwarded.Issue(sessionUser);
            LinkisSecurityLog.SessionIssued(logger, userName, sessionUser);
        }

        return new LinkisIssuedTicket(ticket, sessionUser);
    }

    public async ValueTask<LinkisIssuedTicket> IssueKeptAsync(string userName, CancellationToken cancellationToken)
    {
        var sessionUser = SessionUser(userName);

        // Reused only while its session lives: a ticket logged out or expired in the meantime is replaced.
        if (_kept.TryReuse(sessionUser, out var ticket) && store.Check(ticket).IsValid)
        {
            return new LinkisIssuedTicket(ticket, sessionUser);
        }

        ticket = _kept.Issue(sessionUser);
        await store.AddAsync(ticket, sessionUser, cancellationToken).ConfigureAwait(false);
        LinkisSecurityLog.SessionIssued(logger, userName, sessionUser);
        return new LinkisIssuedTicket(ticket, sessionUser);
    }

    public ValueTask<bool> RevokeAsync(string? ticket, CancellationToken cancellationToken) => store.RemoveAsync(ticket, cancellationToken);

    private string SessionUser(string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        return proxyUsers.Enabled ? proxyUsers.MapLogin(userName) : userName;
    }

    public string TicketCookie(string ticket, string? host) => LinkisCookies.Set(settings.Current.Cookie, settings.Current.Cookie.Name, ticket, host);

    public IReadOnlyList<string> ClearCookies(string? host)
    {
        var cookie = settings.Current.Cookie;
        return [LinkisCookies.Clear(cookie, cookie.Name, host), LinkisCookies.Clear(cookie, cookie.ProxyName, host)];
    }
}
