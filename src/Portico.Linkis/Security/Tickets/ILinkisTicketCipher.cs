namespace Portico.Security.Linkis.Tickets;

/// <summary>
/// Issues and reads Linkis session tickets, byte-compatible with Linkis's AES-256-GCM ticket cipher, so that tickets
/// issued here are accepted by Linkis backends sharing the crypt key and the other way round.
/// </summary>
public interface ILinkisTicketCipher
{
    /// <summary>Issues a ticket (the cookie value) for <paramref name="userName"/> logged in at <paramref name="loginTime"/>.</summary>
    string Issue(string userName, DateTimeOffset loginTime);

    /// <summary>Reads a ticket; never throws for bad input, it reports why the ticket is invalid instead.</summary>
    LinkisTicketReadResult Read(string? ticket);
}

/// <summary>Why a ticket could or could not be read.</summary>
public enum LinkisTicketStatus
{
    /// <summary>The ticket is authentic and names a user.</summary>
    Valid,

    /// <summary>The value is not a ticket: empty, too long, not standard Base64, too short or of another cipher version.</summary>
    Malformed,

    /// <summary>The authentication tag does not match: the ticket was altered, truncated or made with another key.</summary>
    Unauthentic,

    /// <summary>Authentic, but its plaintext lacks the ticket header or the comma (Linkis error 11003).</summary>
    IllegalContent,
}

/// <summary>The outcome of reading a ticket.</summary>
/// <param name="Status">Whether the ticket is valid, or why not.</param>
/// <param name="UserName">The user the ticket was issued for; null unless <see cref="IsValid"/>.</param>
/// <param name="LoginTime">The login time written in the ticket, when it is a number.</param>
public readonly record struct LinkisTicketReadResult(LinkisTicketStatus Status, string? UserName, DateTimeOffset? LoginTime)
{
    /// <summary>True when the ticket is authentic and names a user.</summary>
    public bool IsValid => Status == LinkisTicketStatus.Valid;

    internal static LinkisTicketReadResult Invalid(LinkisTicketStatus status) => new(status, null, null);
}
