using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using Portico.Linkis.WebSockets;
using Portico.Security.Linkis;

namespace Portico.FunctionalTests.Linkis.WebSockets;

/// <summary>
/// Multiplexed sockets with Linkis security on: a socket needs a live session, the session is re-checked with every
/// message, and a logout closes the session's sockets.
/// </summary>
public sealed class LinkisWebSocketSessionTests : IAsyncLifetime
{
    private const string SocketPath = "/ws/api/entrance/connect";
    private const string NotLoggedIn = "You are not logged in, please login first(您尚未登录，请先登录)!";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly InMemoryRegistry _registry = new();
    private readonly CancellationTokenSource _cts = new(Timeout);
    private LinkisWebSocketBackend _publicService = null!;
    private TestGateway _gateway = null!;

    private CancellationToken Token => _cts.Token;

    private ILinkisSessionService SessionService => _gateway.Services.GetRequiredService<ILinkisSessionService>();

    public async Task InitializeAsync()
    {
        _publicService = await LinkisWebSocketBackend.StartAsync();
        _registry.Set(("linkis-ps-publicservice", _publicService.Authority));
        _gateway = await TestGateway.StartAsync(
            """
            portico:
              linkis:
                enabled: true
              linkis-security:
                enabled: true
                crypt-key: functional-test-key-0123456789
                session-persistence: memory
            """,
            services => services.AddSingleton<IServiceRegistry>(_registry));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _publicService.DisposeAsync();
        _cts.Dispose();
    }

    private async Task<string> LoginAsync(string user) => (await SessionService.IssueAsync(user, remember: true, Token)).Ticket;

    private async Task<ClientWebSocket> ConnectAsync(string? ticket)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (ticket is not null)
        {
            socket.Options.SetRequestHeader("Cookie", "linkis_user_session_ticket_id_v1=" + ticket);
        }

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway.BaseAddress.Port}{SocketPath}"), Token);
        return socket;
    }

    private async Task<string?> SendAndReceiveAsync(ClientWebSocket socket, string text)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Token);
        return await ReceiveAsync(socket);
    }

    private async Task<string?> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), Token);
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

    private static string Message(string method) => $"{{\"method\":\"{method}\",\"data\":{{}}}}";

    [Fact]
    public async Task Handshake_NoSession_Refused401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway.BaseAddress.Port}{SocketPath}"), Token));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        Assert.Equal(0, _publicService.Accepted);
    }

    [Fact]
    public async Task LiveSession_MessagesForwardedWithTheTicketCookie()
    {
        var ticket = await LoginAsync("alice");
        using var socket = await ConnectAsync(ticket);
        var message = Message("/api/rest_j/v1/jobhistory/list");

        Assert.Equal(_publicService.Authority + "|" + message, await SendAndReceiveAsync(socket, message));
        Assert.True(_publicService.Handshakes.TryPeek(out var handshake));
        Assert.Equal("linkis_user_session_ticket_id_v1=" + ticket + ";dataworkcloud_inner_request=true", handshake["Cookie"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Token);
    }

    [Fact]
    public async Task SessionEnded_NextMessageAnsweredNotLoggedInAndSocketClosed()
    {
        var ticket = await LoginAsync("alice");
        using var socket = await ConnectAsync(ticket);
        await SendAndReceiveAsync(socket, Message("/api/rest_j/v1/jobhistory/list"));

        await SessionService.RevokeAsync(ticket, Token);
        var answer = await SendAndReceiveAsync(socket, Message("/api/rest_j/v1/jobhistory/detail"));

        Assert.Equal("{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"" + NotLoggedIn + "\",\"data\":{}}", answer);
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await _publicService.NextCloseAsync(Token)).Status);
        Assert.Single(_publicService.Handshakes);
    }

    [Fact]
    public async Task CloseUser_ClosesOnlyTheSocketsOfThatTicket()
    {
        var alice = await LoginAsync("alice");
        var bob = await LoginAsync("bob");
        using var first = await ConnectAsync(alice);
        using var second = await ConnectAsync(alice);
        using var other = await ConnectAsync(bob);
        var message = Message("/api/rest_j/v1/jobhistory/list");
        foreach (var socket in new[] { first, second, other })
        {
            Assert.NotNull(await SendAndReceiveAsync(socket, message));
        }

        var closed = _gateway.Services.GetRequiredService<ILinkisWebSocketSessions>().CloseUser(alice);

        Assert.Equal(2, closed);
        foreach (var socket in new[] { first, second })
        {
            Assert.Equal("{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"" + NotLoggedIn + "\",\"data\":{}}", await ReceiveAsync(socket));
            Assert.Null(await ReceiveAsync(socket));
            Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
            Assert.Equal("Logged out.", socket.CloseStatusDescription);
        }

        Assert.Equal(_publicService.Authority + "|" + message, await SendAndReceiveAsync(other, message));
        await other.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Token);
    }
}
