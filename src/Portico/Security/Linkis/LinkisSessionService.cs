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
    private readonly ForwardedTicketCache _forwarded = new(cipher, time);

    /// <summary>The identity Linkis services use between themselves; accepted from the ticket header only.</summary>
    public const string InternalRpcUser = "dataworkcloud_rpc_user";

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
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var sessionUser = proxyUsers.Enabled ? proxyUsers.MapLogin(userName) : userName;
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
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var sessionUser = proxyUsers.Enabled ? proxyUsers.MapLogin(userName) : userName;
        var ticket = _forwarded.Get(sessionUser, out var issued);
        if (issued)
        {
            LinkisSecurityLog.SessionIssued(logger, userName, sessionUser);
        }

        return new LinkisIssuedTicket(ticket, sessionUser);
    }

    public ValueTask<bool> RevokeAsync(string? ticket, CancellationToken cancellationToken) => store.RemoveAsync(ticket, cancellationToken);

    public string TicketCookie(string ticket, string? host) => LinkisCookies.Set(settings.Current.Cookie, settings.Current.Cookie.Name, ticket, host);

    public IReadOnlyList<string> ClearCookies(string? host)
    {
        var cookie = settings.Current.Cookie;
        return [LinkisCookies.Clear(cookie, cookie.Name, host), LinkisCookies.Clear(cookie, cookie.ProxyName, host)];
    }
}
