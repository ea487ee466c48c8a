using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Errors;
using Portico.Filters;
using Portico.Tests.TestSupport;
using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class WebSocketRoutingFilterTests : IDisposable
{
    private readonly TestApplicationLifetime _lifetime = new();
    private readonly WebSocketSessionTracker _sessions;
    private readonly UpstreamWebSocketConnector _connector = new(TimeProvider.System, NullLogger<UpstreamWebSocketConnector>.Instance);
    private readonly WebSocketRoutingFilter _filter;

    public WebSocketRoutingFilterTests()
    {
        _sessions = new WebSocketSessionTracker(_lifetime, NullLogger<WebSocketSessionTracker>.Instance);
        _filter = new WebSocketRoutingFilter(_connector, _sessions, TimeProvider.System, NullLogger<WebSocketRoutingFilter>.Instance);
    }

    public void Dispose()
    {
        _connector.Dispose();
        _sessions.Dispose();
        _lifetime.Dispose();
    }

    [Fact]
    public void Order_IsWebSocketRouting() => Assert.Equal(GlobalFilterOrder.WebSocketRouting, _filter.Order);

    [Theory]
    [InlineData("http://upstream:8080/chat")]
    [InlineData("https://upstream/chat")]
    [InlineData("lb://service/chat")]
    public async Task FilterAsync_NonWebSocketUrl_PassesToNextFilter(string url)
    {
        var exchange = TestExchange.Create();
        exchange.RequestUrl = new Uri(url);

        var reached = await TestExchange.RunAsync(_filter, exchange);

        Assert.True(reached);
        Assert.False(exchange.IsAlreadyRouted);
    }

    [Fact]
    public async Task FilterAsync_AlreadyRouted_PassesToNextFilter()
    {
        var exchange = TestExchange.Create();
        exchange.RequestUrl = new Uri("ws://upstream/chat");
        exchange.MarkRouted();

        var reached = await TestExchange.RunAsync(_filter, exchange);

        Assert.True(reached);
    }

    [Theory]
    [InlineData("ws://upstream/chat")]
    [InlineData("WSS://upstream/chat")]
    public async Task FilterAsync_WebSocketUrlWithPlainRequest_Throws400AndEndsChain(string url)
    {
        var exchange = TestExchange.Create();
        exchange.RequestUrl = new Uri(url);
        var reached = false;

        var ex = await Assert.ThrowsAsync<GatewayException>(async () => reached = await TestExchange.RunAsync(_filter, exchange));

        Assert.Equal(StatusCodes.Status400BadRequest, ex.StatusCode);
        Assert.Equal("This route only accepts WebSocket upgrades.", ex.Message);
        Assert.True(exchange.IsAlreadyRouted);
        Assert.False(reached);
    }

    [Fact]
    public async Task FilterAsync_GatewayStopping_Throws503WithoutAcceptingClient()
    {
        var exchange = TestExchange.Create();
        exchange.RequestUrl = new Uri("ws://upstream/chat");
        WebSocketRequests.MakeUpgrade(exchange.HttpContext);
        _sessions.BeginShutdown();

        var ex = await Assert.ThrowsAsync<GatewayException>(async () => await TestExchange.RunAsync(_filter, exchange));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ex.StatusCode);
        Assert.False(((TestUpgradeFeature)exchange.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>()!).Upgraded);
    }

    [Fact]
    public void ToString_NamesTheFilter() => Assert.Equal("[WebSocketRouting]", _filter.ToString());
}
