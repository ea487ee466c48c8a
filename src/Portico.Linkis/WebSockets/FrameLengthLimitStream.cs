namespace Portico.Linkis.WebSockets;

/// <summary>
/// Watches the frames a client sends (RFC 6455 section 5.2 headers, read as they pass) and records when one declares a
/// payload longer than the limit (Linkis's <c>maxFramePayloadLength</c>). .NET's WebSocket reports messages, not frames,
/// so the frame limit is enforced here, on the raw stream under the socket, before the payload is buffered. Writes pass
/// through untouched.
/// </summary>
internal sealed class FrameLengthLimitStream(Stream inner, long maxFramePayloadLength) : Stream
{
    private State _state;
    private ulong _length;
    private int _pending;
    private bool _masked;
    private ulong _remaining;

    private enum State
    {
        FirstByte,
        LengthByte,
        ExtendedLength,
        MaskingKey,
        Payload,
    }

    /// <summary>Whether a frame declared a payload over the limit; the socket should then be closed with 1009.</summary>
    public bool LimitExceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Advances the frame parser over bytes read from the client.</summary>
    internal void Inspect(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !LimitExceeded)
        {
            switch (_state)
            {
                case State.Payload:
                    var skip = (int)Math.Min(_remaining, (ulong)data.Length);
                    _remaining -= (ulong)skip;
                    data = data[skip..];
                    if (_remaining == 0)
                    {
                        _state = State.FirstByte;
                    }

                    break;

                case State.FirstByte:
                    // FIN, RSV and opcode: the limit applies to every frame alike.
                    data = data[1..];
                    _state = State.LengthByte;
                    break;

                case State.LengthByte:
                    var b = data[0];
                    data = data[1..];
                    _masked = (b & 0x80) != 0;
                    var length7 = b & 0x7F;
                    if (length7 < 126)
                    {
                        _length = (ulong)length7;
                        EndLength();
                    }
                    else
                    {
                        _length = 0;
                        _pending = length7 == 126 ? 2 : 8;
                        _state = State.ExtendedLength;
                    }

                    break;

                case State.ExtendedLength:
                    _length = (_length << 8) | data[0];
                    data = data[1..];
                    if (--_pending == 0)
                    {
                        EndLength();
                    }

                    break;

                case State.MaskingKey:
                    var key = Math.Min(_pending, data.Length);
                    _pending -= key;
                    data = data[key..];
                    if (_pending == 0)
                    {
                        StartPayload();
                    }

                    break;
            }
        }
    }

    private void EndLength()
    {
        if (_length > (ulong)maxFramePayloadLength)
        {
            LimitExceeded = true;
            return;
        }

        if (_masked)
        {
            _pending = 4;
            _state = State.MaskingKey;
        }
        else
        {
            StartPayload();
        }
    }

    private void StartPayload()
    {
        _remaining = _length;
        _state = _remaining == 0 ? State.FirstByte : State.Payload;
    }
}
