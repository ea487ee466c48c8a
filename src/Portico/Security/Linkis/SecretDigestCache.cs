using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Remembers the digests of tokens that were found in the table, so that a client sending the same token on every
/// request costs one keyed hash, not one per request. A digest depends only on the token and the hashing key, so a
/// remembered one is never stale; whether the token still exists, and what it allows, is read from the table on every
/// request. The store clears the cache whenever the table changes, so it holds only values of live tokens.
/// </summary>
/// <remarks>
/// A fixed array of slots indexed by the token's hash (randomised per process): memory stays bounded, and a token that
/// lands on a taken slot is hashed again. A request's token is compared with a remembered one in constant time, so the
/// time of a comparison tells nothing about a live token.
/// </remarks>
internal sealed class TokenDigestCache
{
    /// <summary>The number of slots (a power of two).</summary>
    internal const int SlotCount = 1024;

    private readonly Entry?[] _slots = new Entry?[SlotCount];

    /// <summary>The remembered digest of <paramref name="token"/>, if any.</summary>
    public bool TryGet(string token, out TokenDigest digest)
    {
        var entry = Volatile.Read(ref _slots[SlotOf(token)]);
        if (entry is not null && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(entry.Token.AsSpan()), MemoryMarshal.AsBytes(token.AsSpan())))
        {
            digest = entry.Digest;
            return true;
        }

        digest = default;
        return false;
    }

    /// <summary>Remembers the digest of a token found in the table.</summary>
    public void Add(string token, TokenDigest digest) => Volatile.Write(ref _slots[SlotOf(token)], new Entry(token, digest));

    /// <summary>Forgets every token.</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            Volatile.Write(ref _slots[i], null);
        }
    }

    private static int SlotOf(string token) => token.GetHashCode() & (SlotCount - 1);

    private sealed record Entry(string Token, TokenDigest Digest);
}
