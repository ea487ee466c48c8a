using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Tests.TestSupport;
using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class WebSocketHeadersTests
{
    [Fact]
    public void WriteUpstreamRequestHeaders_HandshakeAndHopByHop_AreNotForwarded()
    {
        var exchange = TestExchange.Create(headers:
        [
            new("Connection", "keep-alive, Upgrade, X-Hop"),
            new("Upgrade", "websocket"),
            new("Keep-Alive", "timeout=5"),
            new("Proxy-Authorization", "Basic c2VjcmV0"),
            new("Sec-WebSocket-Key", WebSocketRequests.SampleKey),
            new("Sec-WebSocket-Version", "13"),
            new("Sec-WebSocket-Extensions", "permessage-deflate"),
            new("Sec-WebSocket-Protocol", "chat"),
            new("X-Hop", "named in Connection"),
            new("X-Custom", "kept"),
            new("Authorization", "Bearer t"),
            new("Origin", "https://app.example"),
        ]);

        var headers = Write(exchange);

        Assert.Equal("kept", headers["X-Custom"]);
        Assert.Equal("Bearer t", headers["Authorization"]);
        Assert.Equal("https://app.example", headers["Origin"]);
        foreach (var name in new[] { "Connection", "Upgrade", "Keep-Alive", "Proxy-Authorization", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "X-Hop", "Host" })
        {
            Assert.False(headers.ContainsKey(name), name);
        }
    }

    [Fact]
    public void WriteUpstreamRequestHeaders_SeveralCookieFields_JoinedWithSemicolons()
    {
        var exchange = TestExchange.Create(headers: [new("Cookie", "a=1"), new("Cookie", "b=2"), new("Accept-Language", "en"), new("Accept-Language", "fr")]);

        var headers = Write(exchange);

        Assert.Equal("a=1; b=2", headers["Cookie"]);
        Assert.Equal("en,fr", headers["Accept-Language"]);
    }

    [Fact]
    public void WriteUpstreamRequestHeaders_Defaults_AppendXForwardedForProtoAndHost()
    {
        var exchange = TestExchange.Create(headers: [new("X-Forwarded-For", "10.0.0.1"), new("X-Forwarded-Proto", "https")]);

        var headers = Write(exchange);

        Assert.Equal("10.0.0.1, 127.0.0.1", headers["X-Forwarded-For"]);
        Assert.Equal("https, http", headers["X-Forwarded-Proto"]);
        Assert.Equal("gateway.test", headers["X-Forwarded-Host"]);
    }

    [Fact]
    public void WriteUpstreamRequestHeaders_AppendOff_ReplacesClientValues()
    {
        var config = new PorticoConfig { XForwarded = new XForwardedConfig { Append = false } };
        var exchange = TestExchange.Create(headers: [new("X-Forwarded-For", "10.0.0.1")], config: config);

        var headers = Write(exchange);

        Assert.Equal("127.0.0.1", headers["X-Forwarded-For"]);
    }

    [Fact]
    public void WriteUpstreamRequestHeaders_XForwardedDisabled_PassesClientValuesThrough()
    {
        var config = new PorticoConfig { XForwarded = new XForwardedConfig { Enabled = false } };
        var exchange = TestExchange.Create(headers: [new("X-Forwarded-For", "10.0.0.1")], config: config);

        var headers = Write(exchange);

        Assert.Equal("10.0.0.1", headers["X-Forwarded-For"]);
        Assert.False(headers.ContainsKey("X-Forwarded-Proto"));
        Assert.False(headers.ContainsKey("X-Forwarded-Host"));
    }

    [Fact]
    public void WriteUpstreamRequestHeaders_PreserveHostHeader_SendsClientHost()
    {
        var exchange = TestExchange.Create(host: "public.example:8443");
        exchange.PreserveHostHeader = true;

        var headers = Write(exchange);

        Assert.Equal("public.example:8443", headers["Host"]);
    }

    [Fact]
    public void CopyResponseHeaders_UpstreamHandshakeResponse_CopiesOnlyEndToEndHeaders()
    {
        var upstream = new Dictionary<string, IEnumerable<string>>
        {
            ["Set-Cookie"] = ["a=1", "b=2"],
            ["X-Upstream"] = ["yes"],
            ["Connection"] = ["Upgrade"],
            ["Upgrade"] = ["websocket"],
            ["Sec-WebSocket-Accept"] = ["abc"],
            ["Sec-WebSocket-Protocol"] = ["chat"],
            ["Sec-WebSocket-Extensions"] = ["permessage-deflate"],
        };
        var target = new HeaderDictionary();

        WebSocketHeaders.CopyResponseHeaders(upstream, target);

        Assert.Equal(2, target["Set-Cookie"].Count);
        Assert.Equal("a=1,b=2", target["Set-Cookie"].ToString());
        Assert.Equal("yes", target["X-Upstream"].ToString());
        Assert.Equal(2, target.Count);
    }

    private static Dictionary<string, string> Write(GatewayExchange exchange)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        WebSocketHeaders.WriteUpstreamRequestHeaders(exchange, headers, static (h, name, value) => h.Add(name, value));
        return headers;
    }
}
