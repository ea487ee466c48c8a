using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Portico.Demo;

/// <summary>Streaming endpoints: a server-sent-events clock and a WebSocket echo.</summary>
internal static class LiveService
{
    private static readonly byte[] Greeting = Encoding.UTF8.GetBytes("connected to the Portico demo WebSocket echo; send a message and it comes back");

    public static void Map(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.MapGet("/clock", (HttpContext context) =>
            TypedResults.ServerSentEvents(TicksAsync(TimeProvider.System, context.RequestAborted, stopping)));

        app.UseWebSockets();
        app.Map("/ws/echo", (HttpContext context) => EchoAsync(context, stopping));
    }

    private static async IAsyncEnumerable<SseItem<string>> TicksAsync(TimeProvider time, CancellationToken aborted, CancellationToken stopping, [EnumeratorCancellation] CancellationToken enumeration = default)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping, enumeration);
        var cancellationToken = cancel.Token;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        for (var id = 1; !cancellationToken.IsCancellationRequested; id++)
        {
            yield return new SseItem<string>($"{{\"time\":\"{time.GetUtcNow():O}\"}}", "tick") { EventId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static async Task EchoAsync(HttpContext context, CancellationToken stopping)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "websocket";
            await context.Response.WriteAsync("This endpoint speaks WebSocket.", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = cancel.Token;
        var buffer = new byte[16 * 1024];
        try
        {
            await socket.SendAsync(Greeting, WebSocketMessageType.Text, endOfMessage: true, token);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", token);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the demo is stopping; nothing to report.
        }
    }
}
