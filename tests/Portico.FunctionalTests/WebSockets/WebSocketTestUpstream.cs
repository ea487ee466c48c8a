using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.WebSockets;

/// <summary>What the WebSocket upstream observed, for assertions.</summary>
public sealed class UpstreamObservations
{
    /// <summary>The close status and reason the upstream received from the gateway.</summary>
    public TaskCompletionSource<(WebSocketCloseStatus? Status, string? Reason)> CloseReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an upstream socket ended without a close frame (the gateway aborted it).</summary>
    public TaskCompletionSource<Exception> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an upstream socket has been accepted.</summary>
    public TaskCompletionSource Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Messages received: type, whether the sender fragmented it, and length.</summary>
    public ConcurrentQueue<(WebSocketMessageType Type, int Fragments, int Length)> Messages { get; } = new();
}

/// <summary>
/// A real Kestrel WebSocket server with the endpoints the tests need:
/// <c>/echo</c> echoes every message (choosing the subprotocol <c>v1.chat</c> when offered) and answers a close with the
/// same code and reason; <c>/headers</c> sends the handshake request headers as JSON; <c>/close</c> closes with 4002
/// "done"; <c>/abort</c> aborts the connection when it receives a message; <c>/forbidden</c> answers 403.
/// </summary>
public sealed class WebSocketTestUpstream : IAsyncDisposable
{
    private readonly TestUpstream _server;

    private WebSocketTestUpstream(TestUpstream server, UpstreamObservations observations)
    {
        _server = server;
        Observations = observations;
    }

    /// <summary>What the upstream saw.</summary>
    public UpstreamObservations Observations { get; }

    /// <summary>The upstream's port.</summary>
    public int Port => _server.Port;

    /// <summary>Starts the upstream.</summary>
    public static async Task<WebSocketTestUpstream> StartAsync()
    {
        var observations = new UpstreamObservations();
        var server = await TestUpstream.StartAsync(app =>
        {
            app.Map("/echo", context => EchoAsync(context, observations));
            app.Map("/headers", context => SendHeadersAsync(context, observations));
            app.Map("/close", context => CloseAsync(context, observations));
            app.Map("/abort", context => AbortAsync(context, observations));
            app.Map("/forbidden", context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            });
        });
        return new WebSocketTestUpstream(server, observations);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task EchoAsync(HttpContext context, UpstreamObservations observations)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(offered.Contains("v1.chat") ? "v1.chat" : null);
        observations.Accepted.TrySetResult();
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        try
        {
            var fragments = 0;
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    observations.CloseReceived.TrySetResult((socket.CloseStatus, socket.CloseStatusDescription));
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                fragments++;
                if (result.EndOfMessage)
                {
                    observations.Messages.Enqueue((result.MessageType, fragments, (int)message.Length));
                    await socket.SendAsync(message.GetBuffer().AsMemory(0, (int)message.Length), result.MessageType, endOfMessage: true, CancellationToken.None);
                    message.SetLength(0);
                    fragments = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            observations.Lost.TrySetResult(ex);
        }
    }

    private static async Task SendHeadersAsync(HttpContext context, UpstreamObservations observations)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var protocol = context.WebSockets.WebSocketRequestedProtocols.Count > 0 ? context.WebSockets.WebSocketRequestedProtocols[0] : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        observations.Accepted.TrySetResult();
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(headers), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await WaitForCloseAsync(socket, observations);
    }

    private static async Task CloseAsync(HttpContext context, UpstreamObservations observations)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        observations.Accepted.TrySetResult();
        await socket.CloseOutputAsync((WebSocketCloseStatus)4002, "done", CancellationToken.None);
        await WaitForCloseAsync(socket, observations);
    }

    private static async Task AbortAsync(HttpContext context, UpstreamObservations observations)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        observations.Accepted.TrySetResult();
        var buffer = new byte[1024];
        await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        context.Abort();
    }

    private static async Task WaitForCloseAsync(WebSocket socket, UpstreamObservations observations)
    {
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }

            observations.CloseReceived.TrySetResult((socket.CloseStatus, socket.CloseStatusDescription));
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            observations.Lost.TrySetResult(ex);
        }
    }

    /// <summary>Reads one whole message from <paramref name="socket"/>.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data, WebSocketReceiveResult Last)> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, message.ToArray(), result);
            }
        }
    }

    /// <summary>Reads one whole text message.</summary>
    public static async Task<string> ReceiveTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var (type, data, _) = await ReceiveMessageAsync(socket, cancellationToken);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }
}
