using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Portico.Forwarding;

/// <summary>
/// Streams the client's request body upstream through one pooled buffer, so memory stays flat whatever the body size.
/// Data is pushed on as soon as the client's next read would wait, which keeps streamed uploads moving. A body of at
/// most <see cref="BufferSize"/> bytes stays in the buffer once sent, so a request that failed on a stale upstream
/// connection can be replayed (<see cref="TryCreateRetry"/>) without reading the client again.
/// </summary>
internal sealed class RequestBodyContent : HttpContent
{
    /// <summary>Size of the copy buffer and largest body that can be replayed.</summary>
    public const int BufferSize = 64 * 1024;

    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Kept = 2;
    private const int Released = 3;

    private readonly HttpContext _context;
    private readonly bool _isReplay;
    private byte[]? _buffer;
    private int _replayLength;
    private int _state;

    private RequestBodyContent(HttpContext context)
    {
        _context = context;
    }

    private RequestBodyContent(HttpContext context, byte[] buffer, int length)
    {
        _context = context;
        _isReplay = true;
        _buffer = buffer;
        _replayLength = length;
        _state = Kept;
    }

    /// <summary>The failure of reading the client's body, when that is what broke the upstream request.</summary>
    public Exception? ClientFailure { get; private set; }

    /// <summary>Whether the request could be sent again: nothing was read from the client yet, or all of it is kept.</summary>
    public bool CanRetry => Volatile.Read(ref _state) is NotStarted or Kept;

    /// <summary>Whether the body is still being sent (the upstream may answer before the upload ends).</summary>
    public bool IsSending => Volatile.Read(ref _state) == Running;

    /// <summary>Content for the client's body, or null when the request has none (so no content is sent).</summary>
    public static RequestBodyContent? CreateFor(HttpContext context)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);
        return hasBody ? new RequestBodyContent(context) : null;
    }

    /// <summary>
    /// Content that sends the same body again, taking over the kept bytes; null when that is impossible because some
    /// of the client's body was read and not kept.
    /// </summary>
    public RequestBodyContent? TryCreateRetry()
    {
        if (Interlocked.CompareExchange(ref _state, Released, NotStarted) == NotStarted)
        {
            return new RequestBodyContent(_context);
        }

        if (Interlocked.CompareExchange(ref _state, Released, Kept) == Kept)
        {
            var buffer = Interlocked.Exchange(ref _buffer, null)!;
            return new RequestBodyContent(_context, buffer, _replayLength);
        }

        return null;
    }

    /// <summary>Gives the buffer back once no retry can need it; an upload still running returns it when it ends.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _state, Released) == Kept)
        {
            ReturnBuffer();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // The length, when the client declared one, travels as the copied Content-Length header.
        length = -1;
        return false;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var from = _isReplay ? Kept : NotStarted;
        if (Interlocked.CompareExchange(ref _state, Running, from) != from)
        {
            throw new InvalidOperationException("The request body has already been sent or released.");
        }

        // From here bytes of the client's body may be consumed, so the load balancer must not replay the request elsewhere.
        _context.Features.Set(RequestBodyConsumed.Marker);

        return _isReplay ? ReplayAsync(stream, cancellationToken) : CopyAsync(stream, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private async Task ReplayAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(_buffer.AsMemory(0, _replayLength), cancellationToken);
        }
        finally
        {
            // The replay is the last attempt, so the bytes are not kept again.
            Volatile.Write(ref _state, Released);
            ReturnBuffer();
        }
    }

    private async Task CopyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _buffer = buffer;
        var body = _context.Request.Body;
        var kept = 0;
        var keeping = true;
        var readPending = false;
        var completed = false;
        try
        {
            while (true)
            {
                // While the body fits, append so that every byte read stays in the buffer for a replay.
                var target = keeping ? buffer.AsMemory(kept) : buffer.AsMemory();
                if (target.IsEmpty)
                {
                    keeping = false;
                    target = buffer;
                }

                ValueTask<int> pending;
                try
                {
                    pending = body.ReadAsync(target, cancellationToken);
                }
                catch (Exception ex)
                {
                    ClientFailure = ex;
                    throw;
                }

                if (!pending.IsCompleted)
                {
                    // The client has nothing more for now: push what is buffered upstream before waiting. Should the
                    // flush fail, the read is still outstanding.
                    readPending = true;
                    await stream.FlushAsync(cancellationToken);
                }

                int read;
                try
                {
                    read = await pending;
                }
                catch (Exception ex)
                {
                    ClientFailure = ex;
                    throw;
                }
                finally
                {
                    readPending = false;
                }

                if (read == 0)
                {
                    break;
                }

                if (keeping)
                {
                    kept += read;
                }

                await stream.WriteAsync(target[..read], cancellationToken);
            }

            completed = true;
        }
        finally
        {
            if (readPending)
            {
                // A client read may still write into the buffer, so it must not go back to the pool.
                _buffer = null;
                Volatile.Write(ref _state, Released);
            }
            else if (completed && keeping)
            {
                _replayLength = kept;
                if (Interlocked.CompareExchange(ref _state, Kept, Running) != Running)
                {
                    ReturnBuffer();
                }
            }
            else
            {
                Volatile.Write(ref _state, Released);
                ReturnBuffer();
            }
        }
    }

    private void ReturnBuffer()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
