using System.Buffers.Binary;

namespace Portico.Security;

/// <summary>
/// A 32-byte digest (SHA-256, HMAC-SHA256) held as four words, so that it keys dictionaries without a byte array and
/// compares in four steps. Session tickets and tokens are looked up by their digests this way.
/// </summary>
internal readonly struct Digest256 : IEquatable<Digest256>
{
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public Digest256(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"A digest has {Size} bytes.", nameof(digest));
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

    public bool Equals(Digest256 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Digest256 other && Equals(other);

    // A cryptographic digest is uniformly distributed and cannot be steered by clients: any 32 bits of it will do.
    public override int GetHashCode() => (int)_a;

    public static bool operator ==(Digest256 left, Digest256 right) => left.Equals(right);

    public static bool operator !=(Digest256 left, Digest256 right) => !left.Equals(right);
}
