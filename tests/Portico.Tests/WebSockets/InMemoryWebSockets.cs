using System.IO.Pipelines;
using System.Net.WebSockets;

namespace Portico.Tests.WebSockets;

/// <summary>Connected pairs of real <see cref="WebSocket"/>s over in-memory pipes, for fast and deterministic relay tests.</summary>
internal static class InMemoryWebSockets
{
    /// <summary>Creates a connected client/server socket pair.</summary>
    public static (WebSocket Client, WebSocket Server) CreatePair()
    {
        var (clientStream, serverStream) = CreateStreamPair();
        var client = WebSocket.CreateFromStream(clientStream, new WebSocketCreationOptions { IsServer = false });
        var server = WebSocket.CreateFromStream(serverStream, new WebSocketCreationOptions { IsServer = true });
        return (client, server);
    }

    /// <summary>Creates two connected in-memory streams: what one writes the other reads.</summary>
    public static (Stream A, Stream B) CreateStreamPair()
    {
        var toB = new Pipe();
        var toA = new Pipe();
        return (new DuplexPipeStream(toA.Reader, toB.Writer), new DuplexPipeStream(toB.Reader, toA.Writer));
    }

    /// <summary>Reads one whole message (or the close).</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data, int Fragments)> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        var fragments = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            message.Write(buffer, 0, result.Count);
            fragments++;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, message.ToArray(), fragments);
            }
        }
    }

    /// <summary>A stream that reads from one pipe and writes to another; disposing it ends the peer's reads.</summary>
    private sealed class DuplexPipeStream(PipeReader reader, PipeWriter writer) : Stream
    {
        private readonly Stream _input = reader.AsStream(leaveOpen: true);
        private readonly Stream _output = writer.AsStream(leaveOpen: true);
        private int _disposed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _input.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _output.WriteAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

        public override void Flush() => _output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                // The peer sees end of stream; a read pending here is cancelled, as a socket's would fail.
                writer.Complete();
                reader.CancelPendingRead();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A <see cref="TimeProvider"/> whose timers fire only when the test says so.</summary>
internal sealed class TriggeredTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    /// <summary>Timers created and not disposed.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count(t => !t.Disposed);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Fires every live timer once.</summary>
    public void FireAll()
    {
        ManualTimer[] timers;
        lock (_timers)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            if (!timer.Disposed)
            {
                timer.Fire();
            }
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => !Disposed;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
