namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// The keyed hash (HMAC-SHA256) of a token, which keys the token map in memory and on disk. Tokens are long random
/// strings or well-known names; either way a copy of the digests without the key cannot be turned back into tokens.
/// </summary>
internal readonly record struct TokenDigest(Digest256 Digest)
{
    public const int Size = Digest256.Size;

    public TokenDigest(ReadOnlySpan<byte> digest)
        : this(new Digest256(digest))
    {
    }

    public byte[] ToBytes() => Digest.ToBytes();
}
