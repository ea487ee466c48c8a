using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Portico.Errors;
using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class ClientWebSocketAcceptorTests
{
    [Fact]
    public void ComputeAcceptKey_Rfc6455Sample_MatchesRfc() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ClientWebSocketAcceptor.ComputeAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="));

    [Theory]
    [InlineData("dGhlIHNhbXBsZSBub25jZQ==", true)]
    [InlineData(" dGhlIHNhbXBsZSBub25jZQ== ", true)]
    [InlineData("dGhlIHNhbXBsZSBub25jZQ", false)]
    [InlineData("dGhlIHNhbXBsZSBub25jZXh4eA==", false)]
    [InlineData("not base64 at all!!!!!!!", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidKey_Samples_AcceptsOnly16BytesOfBase64(string? key, bool valid) =>
        Assert.Equal(valid, ClientWebSocketAcceptor.IsValidKey(key));

    [Theory]
    [InlineData("websocket", true)]
    [InlineData("WebSocket", true)]
    [InlineData("h2c, websocket", true)]
    [InlineData("keep-alive,Upgrade", false)]
    [InlineData("websockets", false)]
    [InlineData("", false)]
    public void ContainsToken_CommaSeparatedValues_MatchesWholeTokensIgnoringCase(string header, bool expected) =>
        Assert.Equal(expected, ClientWebSocketAcceptor.ContainsToken(new StringValues(header), "websocket"));

    [Fact]
    public void GetRequestKind_PlainGet_IsNone()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;

        Assert.Equal(WebSocketRequestKind.None, ClientWebSocketAcceptor.GetRequestKind(context));
    }

    [Fact]
    public void GetRequestKind_Http11Upgrade_IsUpgrade()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context);

        Assert.Equal(WebSocketRequestKind.Upgrade, ClientWebSocketAcceptor.GetRequestKind(context));
    }

    [Fact]
    public void GetRequestKind_UpgradeToOtherProtocol_IsNone()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context);
        context.Request.Headers.Upgrade = "h2c";

        Assert.Equal(WebSocketRequestKind.None, ClientWebSocketAcceptor.GetRequestKind(context));
    }

    [Fact]
    public void GetRequestKind_UpgradeHeadersButNotUpgradable_IsNone()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context);
        context.Features.Set<IHttpUpgradeFeature>(new TestUpgradeFeature(upgradable: false));

        Assert.Equal(WebSocketRequestKind.None, ClientWebSocketAcceptor.GetRequestKind(context));
    }

    [Theory]
    [InlineData("websocket", true)]
    [InlineData("webtransport", false)]
    public void GetRequestKind_Http2ExtendedConnect_DependsOnProtocol(string protocol, bool isWebSocket)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Connect;
        context.Features.Set<IHttpExtendedConnectFeature>(new TestExtendedConnectFeature(protocol));

        Assert.Equal(isWebSocket ? WebSocketRequestKind.ExtendedConnect : WebSocketRequestKind.None, ClientWebSocketAcceptor.GetRequestKind(context));
    }

    [Fact]
    public void Validate_UnsupportedVersion_Throws426()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context, version: "8");

        var ex = Assert.Throws<GatewayException>(() => ClientWebSocketAcceptor.Validate(context, WebSocketRequestKind.Upgrade));

        Assert.Equal(StatusCodes.Status426UpgradeRequired, ex.StatusCode);
        Assert.Contains("13", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingKey_Throws400()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context, key: null);

        var ex = Assert.Throws<GatewayException>(() => ClientWebSocketAcceptor.Validate(context, WebSocketRequestKind.Upgrade));

        Assert.Equal(StatusCodes.Status400BadRequest, ex.StatusCode);
        Assert.Contains("Sec-WebSocket-Key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExtendedConnectWithoutKey_Passes()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.SecWebSocketVersion = "13";

        var extendedConnect = Record.Exception(() => ClientWebSocketAcceptor.Validate(context, WebSocketRequestKind.ExtendedConnect));
        var upgrade = Assert.Throws<GatewayException>(() => ClientWebSocketAcceptor.Validate(context, WebSocketRequestKind.Upgrade));

        // RFC 8441 has no key to prove: the same headers pass as an extended CONNECT and are refused as an HTTP/1.1 upgrade.
        Assert.Null(extendedConnect);
        Assert.Equal(StatusCodes.Status400BadRequest, upgrade.StatusCode);
        Assert.Contains("Sec-WebSocket-Key", upgrade.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_Upgrade_WritesHandshakeHeadersAndReturnsWorkingServerSocket()
    {
        var (serverStream, clientStream) = InMemoryWebSockets.CreateStreamPair();
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context, serverStream);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var server = await ClientWebSocketAcceptor.AcceptAsync(context, WebSocketRequestKind.Upgrade, "chat", keepAliveInterval: null);
        using var client = WebSocket.CreateFromStream(clientStream, new WebSocketCreationOptions { IsServer = false });
        await client.SendAsync(Encoding.UTF8.GetBytes("hi"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var message = await InMemoryWebSockets.ReceiveMessageAsync(server, cts.Token);

        Assert.True(((TestUpgradeFeature)context.Features.Get<IHttpUpgradeFeature>()!).Upgraded);
        Assert.Equal("websocket", context.Response.Headers.Upgrade.ToString());
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", context.Response.Headers.SecWebSocketAccept.ToString());
        Assert.Equal("chat", context.Response.Headers.SecWebSocketProtocol.ToString());
        Assert.Equal("chat", server.SubProtocol);
        Assert.Equal("hi", Encoding.UTF8.GetString(message.Data));
    }

    [Fact]
    public async Task AcceptAsync_KeepAliveInterval_SendsRealPings()
    {
        var (serverStream, clientStream) = InMemoryWebSockets.CreateStreamPair();
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context, serverStream);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var server = await ClientWebSocketAcceptor.AcceptAsync(context, WebSocketRequestKind.Upgrade, null, TimeSpan.FromMilliseconds(20));
        var header = new byte[2];
        await clientStream.ReadExactlyAsync(header, cts.Token);

        // FIN + opcode 9: a ping that expects a pong, not an unsolicited pong, so a silent peer is detected.
        Assert.Equal(0x89, header[0]);
    }

    [Fact]
    public async Task AcceptAsync_NoSubprotocol_SendsNoProtocolHeader()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context);

        using var server = await ClientWebSocketAcceptor.AcceptAsync(context, WebSocketRequestKind.Upgrade, subProtocol: null, keepAliveInterval: TimeSpan.FromSeconds(30));

        Assert.False(context.Response.Headers.ContainsKey("Sec-WebSocket-Protocol"));
        Assert.Null(server.SubProtocol);
    }

    [Fact]
    public async Task AcceptAsync_ServerAtUpgradedConnectionLimit_Throws503()
    {
        var context = new DefaultHttpContext();
        WebSocketRequests.MakeUpgrade(context);
        context.Features.Set<IHttpUpgradeFeature>(new TestUpgradeFeature(upgradable: true, atLimit: true));

        var ex = await Assert.ThrowsAsync<GatewayException>(() => ClientWebSocketAcceptor.AcceptAsync(context, WebSocketRequestKind.Upgrade, null, null));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ex.StatusCode);
        Assert.DoesNotContain("Kestrel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_ExtendedConnect_Answers200WithoutAcceptKey()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpExtendedConnectFeature>(new TestExtendedConnectFeature("websocket"));

        using var server = await ClientWebSocketAcceptor.AcceptAsync(context, WebSocketRequestKind.ExtendedConnect, "chat", keepAliveInterval: null);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Sec-WebSocket-Accept"));
        Assert.False(context.Response.Headers.ContainsKey("Upgrade"));
        Assert.Equal("chat", context.Response.Headers.SecWebSocketProtocol.ToString());
    }
}
