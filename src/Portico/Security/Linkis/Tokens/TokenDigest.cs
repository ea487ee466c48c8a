using System.Buffers.Binary;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// The keyed hash (HMAC-SHA256) of a token, which keys the token map in memory and on disk. Tokens are long random
/// strings or well-known names; either way a copy of the digests without the key cannot be turned back into tokens.
/// </summary>
internal readonly struct TokenDigest : IEquatable<TokenDigest>
{
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public TokenDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"A token digest has {Size} bytes.", nameof(digest));
        }

        _a = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), _b);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), _c);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), _d);
        return bytes;
    }

    public bool Equals(TokenDigest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is TokenDigest other && Equals(other);

    // A keyed digest is uniformly distributed and cannot be steered by clients.
    public override int GetHashCode() => (int)_a;

    public static bool operator ==(TokenDigest left, TokenDigest right) => left.Equals(right);

    public static bool operator !=(TokenDigest left, TokenDigest right) => !left.Equals(right);
}
