namespace Portico.Security.Linkis.Tickets;

/// <summary>
/// The ticket last issued for a user, handed out again for a while, so that a busy token client costs one ticket
/// encryption per window instead of one per request. The session service keeps two: one for the tickets that only
/// forwarded requests carry (token and single sign-on requests, §4.5 and §4.8; never sent to the client, and telling a
/// backend nothing but the user and a login time at most a window old), and one for the tickets kept as sessions
/// (<c>Token-Alive</c>), whose session it checks before reuse. Whether a request may have a ticket at all is decided
/// before, on every request.
/// </summary>
/// <remarks>
/// A fixed array of slots indexed by the user name's hash (randomised per process) holds at most one ticket per slot:
/// memory stays bounded whatever user names clients send, and two users sharing a slot only mint more tickets. Entries
/// are immutable and replaced whole, so readers need no lock.
/// </remarks>
internal sealed class UserTicketCache(ILinkisTicketCipher cipher, TimeProvider time, TimeSpan window)
{
    /// <summary>The number of slots (a power of two).</summary>
    internal const int SlotCount = 256;

    private readonly Entry?[] _slots = new Entry?[SlotCount];

    /// <summary>The ticket issued for <paramref name="userName"/> less than the window ago, if any.</summary>
    public bool TryReuse(string userName, out string ticket)
    {
        var now = time.GetUtcNow();
        var entry = Volatile.Read(ref Slot(userName));

        // A clock that went back does not stretch the window.
        if (entry is not null && now >= entry.IssuedAt && now - entry.IssuedAt < window && string.Equals(entry.UserName, userName, StringComparison.Ordinal))
        {
            ticket = entry.Ticket;
            return true;
        }

        ticket = "";
        return false;
    }

    /// <summary>Issues a new ticket for <paramref name="userName"/> (already mapped to its proxy user) and keeps it.</summary>
    public string Issue(string userName)
    {
        var now = time.GetUtcNow();
        var ticket = cipher.Issue(userName, now);
        Volatile.Write(ref Slot(userName), new Entry(userName, ticket, now));
        return ticket;
    }

    private ref Entry? Slot(string userName) => ref _slots[userName.GetHashCode() & (SlotCount - 1)];

    private sealed record Entry(string UserName, string Ticket, DateTimeOffset IssuedAt);
}
