using System.Net;
using System.Net.WebSockets;
using System.Text;
using Portico.FunctionalTests.Infrastructure;
using Portico.Linkis.Parsing;

namespace Portico.FunctionalTests.Linkis.WebSockets;

/// <summary>
/// Linkis WebSocket multiplexing end to end: real <see cref="ClientWebSocket"/>s through a Linkis-mode gateway to real
/// Kestrel WebSocket backends registered as two entrance instances and the public service. Every wait is bounded.
/// </summary>
public sealed class LinkisWebSocketTests : IAsyncLifetime
{
    private const string SocketPath = "/ws/api/entrance/connect";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly InMemoryRegistry _registry = new();
    private readonly CancellationTokenSource _cts = new(Timeout);
    private LinkisWebSocketBackend _entrance1 = null!;
    private LinkisWebSocketBackend _entrance2 = null!;
    private LinkisWebSocketBackend _publicService = null!;
    private TestGateway _gateway = null!;

    private CancellationToken Token => _cts.Token;

    public async Task InitializeAsync()
    {
        _entrance1 = await LinkisWebSocketBackend.StartAsync();
        _entrance2 = await LinkisWebSocketBackend.StartAsync();
        _publicService = await LinkisWebSocketBackend.StartAsync();
        _registry.Set(
            ("linkis-cg-entrance", _entrance1.Authority),
            ("linkis-cg-entrance", _entrance2.Authority),
            ("linkis-ps-publicservice", _publicService.Authority));
        _gateway = await LinkisGateway.StartAsync(_registry, probe: false, linkisSettings: """
            web-socket-max-frame-length: 1000
            web-socket-max-message-size: 4000
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _entrance1.DisposeAsync();
        await _entrance2.DisposeAsync();
        await _publicService.DisposeAsync();
        _cts.Dispose();
    }

    private static string Execution(string execOwner) => ExecId.Encode("linkis-cg-entrance", [execOwner], "IDE_alice_0");

    private static string Message(string method, string data = "{}") => $"{{\"method\":\"{method}\",\"data\":{data},\"websocketTag\":\"tab-1\"}}";

    private async Task<ClientWebSocket> ConnectAsync(string path = SocketPath, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway.BaseAddress.Port}{path}"), Token);
        return socket;
    }

    private async Task<string> SendAndReceiveAsync(ClientWebSocket socket, string text)
    {
        await SendAsync(socket, text);
        return await ReceiveAsync(socket) ?? throw new InvalidOperationException("The gateway closed the socket.");
    }

    private Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Token);

    /// <summary>The next text message, or null when the gateway closed the socket.</summary>
    private async Task<string?> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
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

    private async Task CloseAsync(ClientWebSocket socket)
    {
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Token);
        socket.Dispose();
    }

    private string RootCause(string exception, int code, string desc) =>
        $"{exception}: errCode: {code} ,desc: {desc} ,ip: 127.0.0.1 ,port: {_gateway.BaseAddress.Port} ,serviceKind: linkis-mg-gateway";

    [Fact]
    public async Task TwoServices_OneSocket_EachMessageReachesItsBackendVerbatim()
    {
        var socket = await ConnectAsync();
        var toEntrance = Message($"/api/rest_j/v1/entrance/{Execution(_entrance1.Authority)}/status");
        var toPublic = Message("/api/rest_j/v1/jobhistory/list", "{\"pageSize\":10}");

        Assert.Equal(_entrance1.Authority + "|" + toEntrance, await SendAndReceiveAsync(socket, toEntrance));
        Assert.Equal(_publicService.Authority + "|" + toPublic, await SendAndReceiveAsync(socket, toPublic));
        Assert.Equal(_entrance1.Authority + "|" + toEntrance, await SendAndReceiveAsync(socket, toEntrance));

        // One connection per backend, whatever the number of messages.
        Assert.Equal(1, _entrance1.Accepted);
        Assert.Equal(1, _publicService.Accepted);
        Assert.Equal(0, _entrance2.Accepted);
        await CloseAsync(socket);
    }

    [Fact]
    public async Task BackendHandshake_HandshakePathAndLinkisHeaders()
    {
        var socket = await ConnectAsync(SocketPath + "?client=web", o =>
        {
            o.SetRequestHeader("Cookie", "a=1");
            o.SetRequestHeader("FIXED_INSTANCE", "10.9.9.9:1");
            o.AddSubProtocol("v1.linkis");
        });

        await SendAndReceiveAsync(socket, Message($"/api/rest_j/v1/entrance/{Execution(_entrance2.Authority)}/log"));
        await SendAndReceiveAsync(socket, Message("/api/rest_j/v1/jobhistory/list"));

        Assert.Equal("v1.linkis", socket.SubProtocol);
        Assert.True(_entrance2.Handshakes.TryPeek(out var pinned));
        Assert.True(_publicService.Handshakes.TryPeek(out var unpinned));
        Assert.Equal(SocketPath + "?client=web", pinned[":target"]);
        Assert.Equal("a=1;dataworkcloud_inner_request=true", pinned["Cookie"]);
        Assert.Equal("http://127.0.0.1:" + _gateway.BaseAddress.Port, pinned["GATEWAY_URL"]);
        Assert.Equal(_entrance2.Authority, pinned["FIXED_INSTANCE"]);
        Assert.Equal("v1.linkis", pinned["Sec-WebSocket-Protocol"]);
        Assert.False(unpinned.ContainsKey("FIXED_INSTANCE"));
        Assert.Equal("a=1;dataworkcloud_inner_request=true", unpinned["Cookie"]);
        await CloseAsync(socket);
    }

    [Fact]
    public async Task PinnedMessages_SameApplicationTwoInstances_TwoBackendConnections()
    {
        var socket = await ConnectAsync();
        var toFirst = Message($"/api/rest_j/v1/entrance/{Execution(_entrance1.Authority)}/progress");
        var toSecond = Message($"/api/rest_j/v1/entrance/operation/metrics/runningtask?instance={_entrance2.Authority}");

        Assert.Equal(_entrance1.Authority + "|" + toFirst, await SendAndReceiveAsync(socket, toFirst));
        Assert.Equal(_entrance2.Authority + "|" + toSecond, await SendAndReceiveAsync(socket, toSecond));
        await CloseAsync(socket);
    }

    [Fact]
    public async Task UnpinnedMessage_PrefersTheInstanceAlreadyConnected()
    {
        var socket = await ConnectAsync();
        await SendAndReceiveAsync(socket, Message($"/api/rest_j/v1/entrance/{Execution(_entrance2.Authority)}/status"));

        for (var i = 0; i < 5; i++)
        {
            var submit = Message("/api/rest_j/v1/entrance/execute", $"{{\"executionCode\":\"select {i}\"}}");
            Assert.Equal(_entrance2.Authority + "|" + submit, await SendAndReceiveAsync(socket, submit));
        }

        Assert.Equal(0, _entrance1.Accepted);
        await CloseAsync(socket);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(1001L)]
    public async Task FrameHeaderDeclaringMoreThanTheFrameLimit_RefusedAtOnceWith1009(long declared)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, _gateway.BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        await Portico.FunctionalTests.WebSockets.WebSocketProxyTests.UpgradeRawAsync(stream, _gateway, Token, SocketPath);

        // A masked text frame whose header declares the payload and which then sends none of it.
        byte[] header = [0x81, 0x80 | 127, .. BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(declared)), 1, 2, 3, 4];
        await stream.WriteAsync(header, Token);
        var close = await Portico.FunctionalTests.WebSockets.WebSocketProxyTests.ReadFrameAsync(stream, Token);

        Assert.Equal(0x88, close[0]);
        Assert.Equal(1009, (close[2] << 8) | close[3]);
    }

    [Fact]
    public async Task MalformedJson_ErrorMessageAndTheSocketKeepsWorking()
    {
        var socket = await ConnectAsync();

        Assert.Equal(
            "{\"method\":\"/ws/api/entrance/connect\",\"status\":1,\"message\":\"The message is not valid JSON (line 1, position 12).\",\"data\":{}}",
            await SendAndReceiveAsync(socket, "{\"method\": x}"));
        Assert.Equal(
            "{\"method\":\"/ws/api/entrance/connect\",\"status\":1,\"message\":\"The message is not a JSON object with a method and data.\",\"data\":{}}",
            await SendAndReceiveAsync(socket, "[1]"));

        var valid = Message("/api/rest_j/v1/jobhistory/list");
        Assert.Equal(_publicService.Authority + "|" + valid, await SendAndReceiveAsync(socket, valid));
        await CloseAsync(socket);
    }

    [Fact]
    public async Task UnknownService_Error10050AndTheSocketKeepsWorking()
    {
        var socket = await ConnectAsync();

        var answer = await SendAndReceiveAsync(socket, Message("/api/rest_j/v1/nosuch/list"));

        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/nosuch/list\",\"status\":1,\"message\":\""
            + RootCause("NoApplicationExistsException", 10050, "Application nosuch does not exist any instances(应用程序 nosuch 不存在任何实例)")
            + "\",\"data\":{}}",
            answer);
        var valid = Message("/api/rest_j/v1/jobhistory/list");
        Assert.Equal(_publicService.Authority + "|" + valid, await SendAndReceiveAsync(socket, valid));
        await CloseAsync(socket);
    }

    [Fact]
    public async Task BlankMethod_HandshakePathCannotBeServed()
    {
        var socket = await ConnectAsync();

        Assert.Equal(
            "{\"method\":\"/ws/api/entrance/connect\",\"status\":1,\"message\":\"Cannot find a service to deal /ws/api/entrance/connect, ignore it.\",\"data\":{}}",
            await SendAndReceiveAsync(socket, "{\"method\":\" \",\"data\":{}}"));
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v2/jobhistory/list\",\"status\":1,\"message\":\"The gatewayv1 not support version v2.\",\"data\":{}}",
            await SendAndReceiveAsync(socket, Message("/api/rest_j/v2/jobhistory/list")));
        await CloseAsync(socket);
    }

    [Fact]
    public async Task BackendCloses_ClientToldAndTheNextMessageReconnects()
    {
        var socket = await ConnectAsync();
        const string Method = "/api/rest_j/v1/jobhistory/list";

        await SendAsync(socket, Message(Method, "{\"action\":\"close\"}"));

        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":1,\"message\":\"The connection to linkis-ps-publicservice was closed (4001: bye); the next message to it opens a new one.\",\"data\":{}}",
            await ReceiveAsync(socket));
        var again = Message(Method);
        Assert.Equal(_publicService.Authority + "|" + again, await SendAndReceiveAsync(socket, again));
        Assert.Equal(2, _publicService.Accepted);
        await CloseAsync(socket);
    }

    [Fact]
    public async Task ClientCloses_EveryBackendConnectionClosedWithItsStatus()
    {
        var socket = await ConnectAsync();
        await SendAndReceiveAsync(socket, Message($"/api/rest_j/v1/entrance/{Execution(_entrance1.Authority)}/status"));
        await SendAndReceiveAsync(socket, Message("/api/rest_j/v1/jobhistory/list"));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "tab closed", Token);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "tab closed"), await _entrance1.NextCloseAsync(Token));
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "tab closed"), await _publicService.NextCloseAsync(Token));
        socket.Dispose();
    }

    [Fact]
    public async Task FrameOverLimit_Closed1009AndTheGatewayKeepsServing()
    {
        var socket = await ConnectAsync();
        await SendAndReceiveAsync(socket, Message("/api/rest_j/v1/jobhistory/list"));

        // One frame of 1001 bytes, over web-socket-max-frame-length (1000).
        await socket.SendAsync(new byte[1001], WebSocketMessageType.Text, endOfMessage: true, Token);

        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await _publicService.NextCloseAsync(Token)).Status);
        socket.Dispose();

        var next = await ConnectAsync();
        var valid = Message("/api/rest_j/v1/jobhistory/list");
        Assert.Equal(_publicService.Authority + "|" + valid, await SendAndReceiveAsync(next, valid));
        await CloseAsync(next);
    }

    [Fact]
    public async Task MessageOverLimit_FramesWithinLimit_Closed1009()
    {
        var socket = await ConnectAsync();
        var fragment = Encoding.UTF8.GetBytes(new string(' ', 900));

        // Five frames of 900 bytes: each within the frame limit, together over web-socket-max-message-size (4000).
        for (var i = 0; i < 5; i++)
        {
            await socket.SendAsync(fragment, WebSocketMessageType.Text, endOfMessage: i == 4, Token);
        }

        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        socket.Dispose();
    }

    [Fact]
    public async Task LargeMessageWithinLimits_ForwardedWhole()
    {
        var socket = await ConnectAsync();
        var big = Message("/api/rest_j/v1/jobhistory/list", "{\"code\":\"" + new string('x', 3000) + "\"}");
        var bytes = Encoding.UTF8.GetBytes(big);

        for (var offset = 0; offset < bytes.Length; offset += 1000)
        {
            var count = Math.Min(1000, bytes.Length - offset);
            await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, endOfMessage: offset + count == bytes.Length, Token);
        }

        Assert.Equal(_publicService.Authority + "|" + big, await ReceiveAsync(socket));
        await CloseAsync(socket);
    }

    [Fact]
    public async Task PlainGet_NotAnUpgrade_400InFrameworkShape()
    {
        var response = await _gateway.Client.GetAsync(SocketPath, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"method\":\"/ws/api/entrance/connect\",\"status\":400,\"message\":\"Bad Request\",\"data\":[]}", await response.Content.ReadAsStringAsync(Token));
    }
}
