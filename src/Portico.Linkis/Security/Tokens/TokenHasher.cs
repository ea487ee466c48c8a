using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Hashes tokens with HMAC-SHA256 under a key derived (HKDF-SHA256) from the crypt key (<c>wds.linkis.crypt.key</c>).
/// A keyed hash rather than a slow password hash: tokens are looked up on every request, and a leaked table is useless
/// without the key, which never leaves the gateway's configuration. The same crypt key always gives the same digests,
/// so tokens survive restarts; another key makes every stored token unknown (the store reports it at start-up).
/// </summary>
internal sealed class TokenHasher
{
    /// <summary>The longest token looked up (Linkis's <c>token_name</c> is <c>varchar(128)</c>).</summary>
    public const int MaxTokenLength = 128;

    private static readonly byte[] Salt = "portico-linkis-token-v1"u8.ToArray();
    private static readonly byte[] Info = "token-hmac-sha256"u8.ToArray();
    private static readonly byte[] CheckInput = "portico-linkis-token-key-check"u8.ToArray();

    // One-shot HMAC creates and keys a native context per call; each thread keeps a keyed one for the hasher it last
    // served instead (IncrementalHash is not thread-safe).
    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static TokenHasher? t_hmacOwner;

    private readonly byte[] _key;

    public TokenHasher(string cryptKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(cryptKey);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(cryptKey), 32, Salt, Info);
    }

    /// <summary>The digest of <paramref name="token"/>; the caller keeps tokens to <see cref="MaxTokenLength"/> characters.</summary>
    public TokenDigest Hash(ReadOnlySpan<char> token)
    {
        // 128 characters are at most 384 UTF-8 bytes: the whole hash runs on the stack.
        Span<byte> utf8 = stackalloc byte[MaxTokenLength * 3];
        var length = Encoding.UTF8.GetBytes(token[..Math.Min(token.Length, MaxTokenLength)], utf8);
        Span<byte> digest = stackalloc byte[TokenDigest.Size];
        var hmac = Hmac();
        hmac.AppendData(utf8[..length]);
        hmac.GetHashAndReset(digest);
        return new TokenDigest(digest);
    }

    private IncrementalHash Hmac()
    {
        if (!ReferenceEquals(t_hmacOwner, this) || t_hmac is null)
        {
            t_hmac?.Dispose();
            t_hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            t_hmacOwner = this;
        }

        return t_hmac;
    }

    /// <summary>A value that identifies the key without revealing it, stored beside the digests to notice a key change.</summary>
    public byte[] KeyCheck() => HMACSHA256.HashData(_key, CheckInput);
}
