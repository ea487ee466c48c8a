using Microsoft.AspNetCore.Http.Features;
using Portico.Routing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Routing;

public class RouteToRequestUrlFilterTests
{
    private static async Task<GatewayExchange> RunAsync(string uri, string pathAndQuery, params KeyValuePair<string, string>[] headers)
    {
        var (table, errors) = new RouteTableBuilder([], [], []).Build(ConfigText.Read($"portico:\n  routes:\n    - id: r\n      uri: \"{uri}\"\n"));
        Assert.Empty(errors);
        var exchange = TestExchange.Create(pathAndQuery: pathAndQuery, headers: headers);
        if (headers.Any(h => h.Key == "Upgrade"))
        {
            exchange.HttpContext.Features.Set<IHttpUpgradeFeature>(new UpgradableRequest());
        }

        exchange.Route = table!.Routes[0];
        Assert.True(await TestExchange.RunAsync(new RouteToRequestUrlFilter(), exchange));
        return exchange;
    }

    [Fact]
    public async Task UpgradeHeaderWithoutUpgradableConnection_StaysHttp()
    {
        var (table, _) = new RouteTableBuilder([], [], []).Build(ConfigText.Read("portico:\n  routes:\n    - id: r\n      uri: http://127.0.0.1:1\n"));
        var exchange = TestExchange.Create(pathAndQuery: "/chat", headers: [new("Upgrade", "websocket")]);
        exchange.Route = table!.Routes[0];
        await TestExchange.RunAsync(new RouteToRequestUrlFilter(), exchange);
        Assert.Equal("http", exchange.RequestUrl!.Scheme);
    }

    [Fact]
    public async Task Http_UsesRouteAuthorityAndRequestPathAndQuery()
    {
        var exchange = await RunAsync("http://127.0.0.1:8081/ignored", "/orders/1?x=1&y=%20");
        Assert.Equal("http://127.0.0.1:8081/orders/1?x=1&y=%20", exchange.RequestUrl!.OriginalString);
    }

    [Fact]
    public async Task WebSocketUpgrade_OnHttpRoute_BecomesWs()
    {
        var exchange = await RunAsync("http://127.0.0.1:8081", "/chat", new KeyValuePair<string, string>("Upgrade", "websocket"));
        Assert.Equal("ws", exchange.RequestUrl!.Scheme);
    }

    [Fact]
    public async Task LbWs_KeepsWsSchemeAndRecordsPrefix()
    {
        var exchange = await RunAsync("lb:ws://chat", "/ws");
        Assert.Equal("ws://chat/ws", exchange.RequestUrl!.OriginalString);
        Assert.Equal("lb", exchange.SchemePrefix);
    }

    [Fact]
    public async Task Forward_KeepsForwardUrl()
    {
        var exchange = await RunAsync("forward:/fallback", "/x");
        Assert.Equal("forward", exchange.RequestUrl!.Scheme);
        Assert.Equal("/fallback", exchange.RequestUrl.AbsolutePath);
    }

    private sealed class UpgradableRequest : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => throw new InvalidOperationException("Not upgraded in unit tests.");
    }
}
