using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Filters;
using Portico.Forwarding;
using Portico.Routing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Forwarding;

public sealed class HttpRoutingFilterTests
{
    private static GatewayExchange Exchange(string requestUrl, RouteHttpSettings? http = null, PorticoConfig? config = null, string path = "/orders")
    {
        var exchange = TestExchange.Create(pathAndQuery: path, config: config);
        exchange.Route = new Route(new RouteConfig { Id = "r1", Uri = requestUrl }, new Uri(requestUrl), null, [], [],
            http ?? new RouteHttpSettings(TimeSpan.FromSeconds(5), null, HttpVersion.Version11, 0));
        exchange.RequestUrl = new Uri(requestUrl);
        return exchange;
    }

    [Theory]
    [InlineData("ws://upstream.test/")]
    [InlineData("lb://service/")]
    [InlineData("forward:///local")]
    public async Task Filter_NotHttp_PassesOnWithoutSending(string url)
    {
        var forwarder = new FakeForwarder();
        var exchange = Exchange(url);

        var continued = await TestExchange.RunAsync(new HttpRoutingFilter(forwarder), exchange);

        Assert.True(continued);
        Assert.Equal(0, forwarder.Sent);
        Assert.False(exchange.IsAlreadyRouted);
    }

    [Fact]
    public async Task Filter_AlreadyRouted_PassesOnWithoutSending()
    {
        var forwarder = new FakeForwarder();
        var exchange = Exchange("http://upstream.test/");
        exchange.MarkRouted();

        await TestExchange.RunAsync(new HttpRoutingFilter(forwarder), exchange);

        Assert.Equal(0, forwarder.Sent);
    }

    [Fact]
    public async Task Filter_Http_SendsCopiesHeadersKeepsResponseAndContinues()
    {
        var forwarder = new FakeForwarder();
        var exchange = Exchange("https://upstream.test:8443/orders");
        HttpResponseMessage? seenByLaterFilter = null;
        var statusSeenByLaterFilter = 0;

        var continued = await TestExchange.RunAsync(new HttpRoutingFilter(forwarder), exchange, e =>
        {
            seenByLaterFilter = e.UpstreamResponse;
            statusSeenByLaterFilter = e.Response.StatusCode;
            return default;
        });

        Assert.True(continued);
        Assert.True(exchange.IsAlreadyRouted);
        Assert.Equal(1, forwarder.Sent);
        Assert.Equal(new Uri("https://upstream.test:8443/orders"), forwarder.Destination);
        Assert.Same(forwarder.Response, seenByLaterFilter);
        Assert.Equal(418, statusSeenByLaterFilter);
        Assert.False(exchange.Response.HasStarted);
    }

    [Fact]
    public void OptionsFor_TakesRouteTimeoutsVersionAndGatewayHeaderSettings()
    {
        var config = new PorticoConfig
        {
            HttpClient = new HttpClientConfig { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(9), MaxConnectionsPerServer = 12 },
            XForwarded = new XForwardedConfig { Append = false },
            Forwarded = new ForwardedConfig { Enabled = false },
        };
        var exchange = Exchange("http://upstream.test/", new RouteHttpSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), HttpVersion.Version20, 0), config, "/api/orders");
        exchange.PreserveHostHeader = true;
        exchange.Request.Path = "/orders";

        var options = HttpRoutingFilter.OptionsFor(exchange);

        Assert.Equal(TimeSpan.FromSeconds(2), options.Client.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Client.PooledConnectionIdleTimeout);
        Assert.Equal(12, options.Client.MaxConnectionsPerServer);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ResponseTimeout);
        Assert.Equal(HttpVersion.Version20, options.Version);
        Assert.True(options.PreserveHost);
        Assert.Same(config.XForwarded, options.XForwarded);
        Assert.Same(config.Forwarded, options.Forwarded);
        Assert.Equal("/api/orders", options.OriginalPath.Value);
    }

    [Fact]
    public void OptionsFor_RouteWithoutTimeout_AsksTheForwarderForNone()
    {
        var options = HttpRoutingFilter.OptionsFor(Exchange("http://upstream.test/"));

        Assert.Equal(Timeout.InfiniteTimeSpan, options.ResponseTimeout);
        Assert.True(options.EffectiveResponseTimeout <= TimeSpan.Zero);
    }

    [Fact]
    public void ForwarderOptions_NoTimeoutSet_UseTheFiniteDefault()
    {
        var options = new ForwarderRequestOptions();

        Assert.Equal(HttpClientConfig.DefaultResponseTimeout, options.EffectiveResponseTimeout);
        Assert.True(options.EffectiveResponseTimeout > TimeSpan.Zero);
    }

    [Fact]
    public async Task Filter_DeclaredBodyOverRouteLimit_Is413WithoutSending()
    {
        var forwarder = new FakeForwarder();
        var exchange = Exchange("http://upstream.test/", new RouteHttpSettings(TimeSpan.FromSeconds(5), null, HttpVersion.Version11, 100));
        exchange.Request.ContentLength = 101;

        var error = await Assert.ThrowsAsync<Errors.GatewayException>(() => TestExchange.RunAsync(new HttpRoutingFilter(forwarder), exchange));

        Assert.Equal(413, error.StatusCode);
        Assert.Equal("The request body of 101 bytes exceeds the gateway's limit of 100 bytes.", error.Message);
        Assert.Equal(0, forwarder.Sent);
    }

    [Theory]
    [InlineData(null, 100L)]
    [InlineData(1000L, 100L)]
    [InlineData(50L, 50L)]
    public void LimitRequestBody_OnlyLowersTheServerLimit(long? serverLimit, long expected)
    {
        var context = new DefaultHttpContext();
        var feature = new BodySizeFeature { MaxRequestBodySize = serverLimit };
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>(feature);

        HttpRoutingFilter.LimitRequestBody(context, 100);

        Assert.Equal(expected, feature.MaxRequestBodySize);
    }

    [Fact]
    public void Order_IsHttpRouting() => Assert.Equal(GlobalFilterOrder.HttpRouting, new HttpRoutingFilter(new FakeForwarder()).Order);

    private sealed class BodySizeFeature : Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }

    private sealed class FakeForwarder : IHttpForwarder
    {
        public int Sent { get; private set; }

        public Uri? Destination { get; private set; }

        public HttpResponseMessage Response { get; } = new((HttpStatusCode)418) { Content = new ByteArrayContent([]) };

        public ValueTask<HttpResponseMessage> SendAsync(HttpContext context, Uri destination, ForwarderRequestOptions options)
        {
            Sent++;
            Destination = destination;
            return ValueTask.FromResult(Response);
        }

        public void CopyResponseHeaders(HttpResponseMessage upstreamResponse, HttpResponse response) =>
            response.StatusCode = (int)upstreamResponse.StatusCode;

        public ValueTask CopyResponseBodyAsync(HttpResponseMessage upstreamResponse, HttpContext context) => default;
    }
}
