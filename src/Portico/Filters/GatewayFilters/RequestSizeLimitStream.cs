using Microsoft.AspNetCore.Http;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// A read-only view of a request body that fails with a 413 <see cref="BadHttpRequestException"/> (the exception
/// Kestrel throws for its own body limit) as soon as more than the allowed number of bytes has been read. The server
/// owns the inner stream, so this view never disposes it.
/// </summary>
internal sealed class RequestSizeLimitStream(Stream inner, long maxSize, string message) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > maxSize)
        {
            throw new BadHttpRequestException(message, StatusCodes.Status413PayloadTooLarge);
        }

        return read;
    }
}
