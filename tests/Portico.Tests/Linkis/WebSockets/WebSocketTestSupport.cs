using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Portico.Discovery;
using Portico.Linkis.WebSockets;

namespace Portico.Tests.Linkis.WebSockets;

/// <summary>Two real WebSockets talking over in-memory pipes: no network, real framing and close handshakes.</summary>
internal static class WebSocketPair
{
    public static (WebSocket Client, WebSocket Server) Create()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var client = WebSocket.CreateFromStream(new DuplexStream(toClient.Reader.AsStream(), toServer.Writer.AsStream()), new WebSocketCreationOptions { IsServer = false });
        var server = WebSocket.CreateFromStream(new DuplexStream(toServer.Reader.AsStream(), toClient.Writer.AsStream()), new WebSocketCreationOptions { IsServer = true });
        return (client, server);
    }

    /// <summary>Receives one whole text message, or null when the peer closed.</summary>
    public static async Task<string?> ReceiveTextAsync(WebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    public static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private sealed class DuplexStream(Stream read, Stream write) : Stream
    {
        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => read.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => read.ReadAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => read.Read(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => write.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => write.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => write.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => write.FlushAsync(cancellationToken);

        public override void Flush() => write.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                read.Dispose();
                write.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A backend connector for pool tests: each connect creates a socket pair and hands the backend's end to the test.</summary>
internal sealed class FakeBackends
{
    private readonly Channel<(BackendTarget Target, WebSocket Backend)> _accepted = Channel.CreateUnbounded<(BackendTarget, WebSocket)>();

    /// <summary>Connect attempts per key.</summary>
    public ConcurrentDictionary<BackendKey, int> Attempts { get; } = new();

    /// <summary>When set, connects wait for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, connects to these keys fail.</summary>
    public HashSet<BackendKey> Refused { get; } = [];

    /// <summary>When set, the gateway's end of the next connection is this socket instead of a real pair.</summary>
    public WebSocket? NextSocket { get; set; }

    public async Task<WebSocket> ConnectAsync(BackendTarget target, CancellationToken cancellationToken)
    {
        Attempts.AddOrUpdate(target.Key, 1, static (_, n) => n + 1);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Refused.Contains(target.Key))
        {
            throw new Portico.Errors.GatewayException(502, "The upstream refused the WebSocket handshake with status 502.");
        }

        if (NextSocket is { } stub)
        {
            NextSocket = null;
            return stub;
        }

        var (gatewayEnd, backendEnd) = WebSocketPair.Create();
        _accepted.Writer.TryWrite((target, backendEnd));
        return gatewayEnd;
    }

    /// <summary>The backend end of the next connection made.</summary>
    public async Task<(BackendTarget Target, WebSocket Backend)> AcceptAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _accepted.Reader.ReadAsync(cts.Token);
    }
}

/// <summary>Records what a pool tells its client connection.</summary>
internal sealed class RecordingListener : IBackendListener
{
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    public ValueTask OnMessageAsync(LinkisBackendConnection backend, PooledMessage message)
    {
        _events.Writer.TryWrite($"message {backend.Key}: {Encoding.UTF8.GetString(message.Memory.Span)}");
        message.Return();
        return ValueTask.CompletedTask;
    }

    public void OnConnectFailed(LinkisBackendConnection backend, string? method, Exception exception) =>
        _events.Writer.TryWrite($"failed {backend.Key} {method}: {exception.Message}");

    public void OnClosed(LinkisBackendConnection backend, int closeCode, string? reason) =>
        _events.Writer.TryWrite($"closed {backend.Key} {closeCode} {reason}");

    /// <summary>The next event.</summary>
    public async Task<string> NextAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Whether an event is waiting (none should be, after a close of the pool).</summary>
    public bool TryPeek(out string? text) => _events.Reader.TryPeek(out text);
}

/// <summary>A socket that stays open until told otherwise; its receive waits until it is aborted.</summary>
internal sealed class StubWebSocket : WebSocket
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState _state = WebSocketState.Open;

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    public int Sent { get; private set; }

    /// <summary>Makes the socket look dead without its receive noticing, as a connection that died silently.</summary>
    public void Die() => _state = WebSocketState.Aborted;

    public override void Abort()
    {
        _state = WebSocketState.Aborted;
        _aborted.TrySetResult();
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose() => Abort();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        await _aborted.Task.WaitAsync(cancellationToken);
        throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        Sent++;
        return Task.CompletedTask;
    }
}

/// <summary>Builds targets.</summary>
internal static class Targets
{
    public static BackendTarget Of(string application, string authority, bool pinned = false)
    {
        var colon = authority.LastIndexOf(':');
        return new BackendTarget(application, new ServiceInstance
        {
            AppName = application,
            InstanceId = authority,
            Host = authority[..colon],
            Port = int.Parse(authority[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
        }, pinned);
    }
}
