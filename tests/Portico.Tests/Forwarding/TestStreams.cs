namespace Portico.Tests.Forwarding;

/// <summary>
/// A read stream fed by the test: each read returns the next chunk the test released, waiting until there is one, so
/// tests control exactly when data "arrives".
/// </summary>
internal sealed class ScriptedReadStream : Stream
{
    private readonly System.Threading.Channels.Channel<byte[]?> _chunks = System.Threading.Channels.Channel.CreateUnbounded<byte[]?>();
    private readonly Exception? _failAtEnd;

    public ScriptedReadStream(Exception? failAtEnd = null) => _failAtEnd = failAtEnd;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Makes <paramref name="chunk"/> available to the next read.</summary>
    public void Release(byte[] chunk) => _chunks.Writer.TryWrite(chunk);

    /// <summary>Ends the stream (or fails it, if so configured) once released chunks are read.</summary>
    public void End() => _chunks.Writer.TryWrite(null);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var chunk = await _chunks.Reader.ReadAsync(cancellationToken);
        if (chunk is null)
        {
            _chunks.Writer.TryWrite(null);
            return _failAtEnd is null ? 0 : throw _failAtEnd;
        }

        chunk.CopyTo(buffer);
        return chunk.Length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A write stream that records what was written and signals each flush.</summary>
internal sealed class RecordingWriteStream : Stream
{
    private readonly MemoryStream _written = new();
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written.Length;

    public override long Position { get => _written.Length; set => throw new NotSupportedException(); }

    public int Flushes { get; private set; }

    public byte[] Written => _written.ToArray();

    /// <summary>Completes at the next flush.</summary>
    public Task NextFlush => _flushed.Task;

    public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written.Write(buffer.Span);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _written.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flushes++;
        var flushed = _flushed;
        _flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flushed.TrySetResult();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _written.Dispose();
        }

        base.Dispose(disposing);
    }
}
