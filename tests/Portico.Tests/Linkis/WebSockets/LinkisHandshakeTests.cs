using System.Net;
using Portico.Configuration;
using Portico.Linkis;
using Portico.Linkis.WebSockets;
using Portico.Routing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Linkis.WebSockets;

public sealed class LinkisHandshakeTests
{
    private const string TicketCookie = "linkis_user_session_ticket_id_v1";

    private static LinkisHandshake Create(IEnumerable<KeyValuePair<string, string>> headers, string? ticket = null, string pathAndQuery = "/ws/api/entrance/connect?x=1")
    {
        var linkis = new LinkisConfig { Enabled = true };
        var exchange = TestExchange.Create("GET", pathAndQuery, headers, config: new PorticoConfig().WithSection(linkis));
        exchange.Route = new Route(
            new RouteConfig { Id = "ws", Uri = "lb:ws://linkis-mg-gateway" },
            new Uri("ws://linkis-mg-gateway"),
            "lb",
            [],
            [],
            new RouteHttpSettings(TimeSpan.FromSeconds(2), null, HttpVersion.Version11, 0));
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return LinkisHandshake.Create(exchange, new LinkisSettings(linkis), q < 0 ? pathAndQuery : pathAndQuery[..q], TicketCookie, ticket);
    }

    private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        Assert.True(values.Count <= 1, $"{name} appears {values.Count} times");
        return values.SingleOrDefault();
    }

    private static readonly KeyValuePair<string, string>[] BrowserHeaders =
    [
        new("Connection", "Upgrade, X-Hop"),
        new("Upgrade", "websocket"),
        new("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        new("Sec-WebSocket-Version", "13"),
        new("Sec-WebSocket-Extensions", "permessage-deflate"),
        new("Sec-WebSocket-Protocol", "v1.linkis, chat ,v1.linkis"),
        new("X-Hop", "dropped"),
        new("Origin", "http://console.test"),
        new("FIXED_INSTANCE", "10.9.9.9:1"),
        new("GATEWAY_URL", "http://gw:9001"),
        new("Cookie", "a=1; linkis_user_session_ticket_id_v1=T+k/="),
    ];

    [Fact]
    public void Create_BrowserHandshake_EndToEndHeadersPlusLinkisOnes()
    {
        var handshake = Create(BrowserHeaders, ticket: "T+k/=");
        var headers = handshake.Headers;

        Assert.Equal("http://console.test", Header(headers, "Origin"));
        Assert.Equal("http://gw:9001", Header(headers, "GATEWAY_URL"));
        Assert.Equal("a=1; linkis_user_session_ticket_id_v1=T+k/=;dataworkcloud_inner_request=true", Header(headers, "Cookie"));
        Assert.Equal("127.0.0.1", Header(headers, "X-Forwarded-For"));
        foreach (var dropped in new[] { "Connection", "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "X-Hop", "FIXED_INSTANCE", "Host" })
        {
            Assert.Null(Header(headers, dropped));
        }

        Assert.Equal(["v1.linkis", "chat"], handshake.SubProtocols);
    }

    [Fact]
    public void Create_TicketNotInCookies_TicketCookieAdded()
    {
        var handshake = Create([new("Cookie", "a=1")], ticket: "issued");

        Assert.Equal("a=1;linkis_user_session_ticket_id_v1=issued;dataworkcloud_inner_request=true", Header(handshake.Headers, "Cookie"));
    }

    [Fact]
    public void Create_NoCookieNoTicketNoGatewayUrl_InnerCookieAndDerivedGatewayUrl()
    {
        var handshake = Create([]);

        Assert.Equal("dataworkcloud_inner_request=true", Header(handshake.Headers, "Cookie"));
        Assert.Equal("http://gateway.test:80", Header(handshake.Headers, "GATEWAY_URL"));
        Assert.Empty(handshake.SubProtocols);
    }

    [Fact]
    public void UrlFor_Instance_HandshakePathAndQueryOnInstance()
    {
        var handshake = Create([], pathAndQuery: "/ws/api/entrance/connect?a=%20b");

        Assert.Equal("ws://10.0.0.1:9104/ws/api/entrance/connect?a=%20b", handshake.UrlFor(Targets.Of("e", "10.0.0.1:9104").Instance).OriginalString);
        Assert.Equal("ws://[::1]:9104/ws/api/entrance/connect?a=%20b", handshake.UrlFor(Targets.Of("e", "::1:9104").Instance).OriginalString);
        Assert.Equal("wss://h:1/ws/api/entrance/connect?a=%20b", handshake.UrlFor(Targets.Of("e", "h:1").Instance with { Scheme = "https" }).OriginalString);
    }

    [Fact]
    public void For_PinnedTarget_AddsFixedInstanceOfTheInstance()
    {
        var handshake = Create(BrowserHeaders);

        var pinned = handshake.For(Targets.Of("linkis-cg-entrance", "10.0.0.2:9104", pinned: true));
        var unpinned = handshake.For(Targets.Of("linkis-cg-entrance", "10.0.0.2:9104"));

        Assert.Equal("10.0.0.2:9104", Header(pinned.Headers, "FIXED_INSTANCE"));
        Assert.Null(Header(unpinned.Headers, "FIXED_INSTANCE"));
        Assert.Equal(TimeSpan.FromSeconds(5), unpinned.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), unpinned.ConnectTimeout);
        Assert.Equal(["v1.linkis", "chat"], unpinned.SubProtocols);
    }

    [Fact]
    public void CookieValue_RawValueOfNamedCookie()
    {
        var exchange = TestExchange.Create(headers: [new("Cookie", "x=1; linkis_user_session_ticket_id_v1=AbC+/d=="), new("Cookie", "y=2")]);

        Assert.Equal("AbC+/d==", LinkisHandshake.CookieValue(exchange.Request, TicketCookie));
        Assert.Equal("2", LinkisHandshake.CookieValue(exchange.Request, "y"));
        Assert.Null(LinkisHandshake.CookieValue(exchange.Request, "z"));
    }
}
