namespace Portico.Security.Linkis.Tickets;

/// <summary>
/// The tickets added to forwarded requests only (token and single sign-on requests, §4.5 and §4.8): the ticket issued
/// for a user is handed out again for <see cref="ReuseWindow"/>, so that a busy token client costs one ticket
/// encryption a second instead of one per request. Such a ticket never reaches the client and is never stored as a
/// session, and a backend learns nothing from it but the user and a login time at most a second old, so reusing it
/// changes nothing a backend can observe. Whether a request may have a ticket at all is decided before, on every request.
/// </summary>
/// <remarks>
/// A fixed array of slots indexed by the user name's hash (randomised per process) holds at most one ticket per slot:
/// memory stays bounded whatever user names clients send, and two users sharing a slot only mint more tickets. Entries
/// are immutable and replaced whole, so readers need no lock.
/// </remarks>
internal sealed class ForwardedTicketCache(ILinkisTicketCipher cipher, TimeProvider time)
{
    /// <summary>How long a forwarded ticket is handed out again for the same user.</summary>
    public static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(1);

    /// <summary>The number of slots (a power of two).</summary>
    internal const int SlotCount = 256;

    private readonly Entry?[] _slots = new Entry?[SlotCount];

    /// <summary>A ticket for <paramref name="userName"/> (already mapped to its proxy user): reused, or newly issued.</summary>
    /// <param name="userName">The user the ticket names.</param>
    /// <param name="issued">True when the ticket was newly issued rather than reused.</param>
    public string Get(string userName, out bool issued)
    {
        var now = time.GetUtcNow();
        ref var slot = ref _slots[userName.GetHashCode() & (SlotCount - 1)];
        var entry = Volatile.Read(ref slot);

        // A clock that went back does not stretch the window.
        if (entry is not null && now >= entry.IssuedAt && now - entry.IssuedAt < ReuseWindow && string.Equals(entry.UserName, userName, StringComparison.Ordinal))
        {
            issued = false;
            return entry.Ticket;
        }

        var ticket = cipher.Issue(userName, now);
        Volatile.Write(ref slot, new Entry(userName, ticket, now));
        issued = true;
        return ticket;
    }

    private sealed record Entry(string UserName, string Ticket, DateTimeOffset IssuedAt);
}
