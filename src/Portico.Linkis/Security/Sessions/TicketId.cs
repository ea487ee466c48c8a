using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Sessions;

/// <summary>
/// The SHA-256 of a ticket, which keys the session map. Only the digest is kept, in memory and on disk, so a copy of the
/// session database cannot be replayed as cookies.
/// </summary>
internal readonly record struct TicketId(Digest256 Digest)
{
    public const int Size = Digest256.Size;
    private const int StackLimit = 512;

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
            return new TicketId(new Digest256(digest));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static TicketId FromBytes(ReadOnlySpan<byte> digest) => new(new Digest256(digest));

    public byte[] ToBytes() => Digest.ToBytes();
}
