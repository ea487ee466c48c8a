namespace Portico.Security.Linkis;

/// <summary>
/// Linkis sessions as the security filter and the user endpoints need them: resolving the caller of a request from its
/// ticket cookie, issuing tickets and writing the cookies.
/// </summary>
public interface ILinkisSessionService
{
    /// <summary>The name of the ticket cookie (and of the internal ticket header).</summary>
    string TicketCookieName { get; }

    /// <summary>
    /// Who sent a request (§4.2): the session of <paramref name="cookieTicket"/> when it is live (sliding it); otherwise,
    /// when the ticket is not in the session map, the internal RPC identity if <paramref name="headerTicket"/> is an
    /// authentic ticket for it; otherwise not logged in.
    /// </summary>
    LinkisSessionResolution Resolve(string? cookieTicket, string? headerTicket);

    /// <summary>
    /// Issues a ticket for a login of <paramref name="userName"/> (mapped to its proxy user when proxy users are on) and,
    /// when <paramref name="remember"/>, records the session.
    /// </summary>
    ValueTask<LinkisIssuedTicket> IssueAsync(string userName, bool remember, CancellationToken cancellationToken);

    /// <summary>
    /// A ticket for <paramref name="userName"/> (mapped to its proxy user when proxy users are on) that only a forwarded
    /// request carries, never the client, and that is not recorded as a session (token and single sign-on requests).
    /// The ticket issued for a user is reused for up to a second.
    /// </summary>
    LinkisIssuedTicket IssueForwarded(string userName);

    /// <summary>
    /// A ticket for <paramref name="userName"/> (mapped as above) that a forwarded request carries and that is also
    /// recorded as a session (<c>Token-Alive</c>). The ticket issued for a user is reused for up to a minute while its
    /// session lives, so that a client does not leave a session behind per request.
    /// </summary>
    ValueTask<LinkisIssuedTicket> IssueKeptAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Ends the session of <paramref name="ticket"/> at once; returns whether there was one.</summary>
    ValueTask<bool> RevokeAsync(string? ticket, CancellationToken cancellationToken);

    /// <summary>The <c>Set-Cookie</c> value that carries <paramref name="ticket"/> to the client.</summary>
    string TicketCookie(string ticket, string? host);

    /// <summary>The <c>Set-Cookie</c> values that delete the ticket and proxy-ticket cookies.</summary>
    IReadOnlyList<string> ClearCookies(string? host);
}

/// <summary>The result of <see cref="ILinkisSessionService.Resolve"/>.</summary>
/// <param name="UserName">The logged-in user, or null when not logged in.</param>
/// <param name="Source">Where the identity came from.</param>
public readonly record struct LinkisSessionResolution(string? UserName, LinkisSessionSource Source)
{
    /// <summary>True when the request is logged in.</summary>
    public bool IsLoggedIn => UserName is not null;
}

/// <summary>Where a request's identity came from.</summary>
public enum LinkisSessionSource
{
    /// <summary>Not logged in.</summary>
    None,

    /// <summary>A live session of the ticket cookie.</summary>
    Session,

    /// <summary>The internal RPC identity's ticket header.</summary>
    InternalRpcHeader,
}

/// <summary>A newly issued ticket.</summary>
/// <param name="Ticket">The ticket (cookie value).</param>
/// <param name="UserName">The user it was issued for (after proxy-user mapping).</param>
public readonly record struct LinkisIssuedTicket(string Ticket, string UserName);
