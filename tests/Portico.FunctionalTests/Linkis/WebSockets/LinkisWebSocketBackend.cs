using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Linkis.WebSockets;

/// <summary>
/// A real Kestrel WebSocket server standing in for a Linkis backend's socket endpoint. It accepts any path (choosing the
/// first offered subprotocol), records each handshake, answers every text message with <c>&lt;its host:port&gt;|&lt;the
/// message&gt;</c>, and closes with 4001 "bye" when a message contains <c>"action":"close"</c>.
/// </summary>
public sealed class LinkisWebSocketBackend : IAsyncDisposable
{
    private readonly TestUpstream _server;
    private readonly Channel<(WebSocketCloseStatus? Status, string? Reason)> _closes = Channel.CreateUnbounded<(WebSocketCloseStatus?, string?)>();

    private LinkisWebSocketBackend(TestUpstream server) => _server = server;

    /// <summary>host:port of the backend, as registered.</summary>
    public string Authority => _server.Authority;

    /// <summary>Each accepted handshake: path and query (key <c>:target</c>) and the request headers.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Handshakes { get; } = new();

    /// <summary>The number of sockets accepted so far.</summary>
    public int Accepted => Handshakes.Count;

    /// <summary>Starts a backend.</summary>
    public static async Task<LinkisWebSocketBackend> StartAsync()
    {
        LinkisWebSocketBackend? backend = null;
        var server = await TestUpstream.StartAsync(app => app.Run(context => backend!.ServeAsync(context)));
        backend = new LinkisWebSocketBackend(server);
        return backend;
    }

    /// <summary>The next close the backend received from the gateway (status and reason).</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> NextCloseAsync(CancellationToken cancellationToken) =>
        await _closes.Reader.ReadAsync(cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var handshake = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        handshake[":target"] = context.Request.Path + context.Request.QueryString;
        Handshakes.Enqueue(handshake);
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(offered.Count > 0 ? offered[0] : null);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closes.Writer.TryWrite((socket.CloseStatus, socket.CloseStatusDescription));
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.ToArray());
                message.SetLength(0);
                if (text.Contains("\"action\":\"close\"", StringComparison.Ordinal))
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await socket.CloseAsync((WebSocketCloseStatus)4001, "bye", timeout.Token);
                    return;
                }

                await socket.SendAsync(Encoding.UTF8.GetBytes(Authority + "|" + text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _closes.Writer.TryWrite((null, "lost"));
        }
    }
}
