using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Portico.Security.Linkis;

/// <summary>
/// Remembers the digests of secrets that were found in a table (tokens by their keyed hash, session tickets by their
/// SHA-256), so that a client sending the same secret on every request costs one hash, not one per request. A digest
/// depends only on the secret (and the hashing key), so a remembered one is never stale: whether the token or session
/// still exists is read from the table on every request. The owner forgets entries whose rows go, so that the cache
/// holds only secrets that are live.
/// </summary>
/// <remarks>
/// A fixed array of slots indexed by the secret's hash (randomised per process): memory stays bounded, and a secret that
/// lands on a taken slot is hashed again. A request's secret is compared with a remembered one in constant time, so the
/// time of a comparison tells nothing about a live secret.
/// </remarks>
/// <typeparam name="TDigest">The digest type.</typeparam>
internal sealed class SecretDigestCache<TDigest>
    where TDigest : struct
{
    /// <summary>The number of slots (a power of two).</summary>
    internal const int SlotCount = 1024;

    private readonly Entry?[] _slots = new Entry?[SlotCount];

    /// <summary>The remembered digest of <paramref name="secret"/>, if any.</summary>
    public bool TryGet(string secret, out TDigest digest)
    {
        var entry = Volatile.Read(ref _slots[SlotOf(secret)]);
        if (entry is not null && SameSecret(entry.Secret, secret))
        {
            digest = entry.Digest;
            return true;
        }

        digest = default;
        return false;
    }

    /// <summary>Remembers the digest of a secret found in the table.</summary>
    public void Add(string secret, TDigest digest) => Volatile.Write(ref _slots[SlotOf(secret)], new Entry(secret, digest));

    /// <summary>Forgets <paramref name="secret"/>.</summary>
    public void Remove(string secret)
    {
        ref var slot = ref _slots[SlotOf(secret)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && SameSecret(entry.Secret, secret))
        {
            Interlocked.CompareExchange(ref slot, null, entry);
        }
    }

    /// <summary>Forgets every secret.</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            Volatile.Write(ref _slots[i], null);
        }
    }

    private static int SlotOf(string secret) => secret.GetHashCode() & (SlotCount - 1);

    private static bool SameSecret(string remembered, string given) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(remembered.AsSpan()), MemoryMarshal.AsBytes(given.AsSpan()));

    private sealed record Entry(string Secret, TDigest Digest);
}
