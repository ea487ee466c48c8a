using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Sessions;

/// <summary>
/// The SHA-256 of a ticket, which keys the session map. Only the digest is kept, in memory and on disk, so a copy of the
/// session database cannot be replayed as cookies.
/// </summary>
internal readonly struct TicketId : IEquatable<TicketId>
{
    public const int Size = 32;
    private const int StackLimit = 512;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private TicketId(ReadOnlySpan<byte> digest)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]);
    }

    public static TicketId Of(string ticket)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(ticket.Length);
        byte[]? rented = null;
        var buffer = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(ticket, buffer);
            Span<byte> digest = stackalloc byte[Size];
            SHA256.HashData(buffer[..written], digest);
            return new TicketId(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static TicketId FromBytes(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"A ticket id has {Size} bytes.", nameof(digest));
        }

        return new TicketId(digest);
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

    public bool Equals(TicketId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is TicketId other && Equals(other);

    // The digest is already uniformly distributed.
    public override int GetHashCode() => (int)_a;

    public static bool operator ==(TicketId left, TicketId right) => left.Equals(right);

    public static bool operator !=(TicketId left, TicketId right) => !left.Equals(right);
}
