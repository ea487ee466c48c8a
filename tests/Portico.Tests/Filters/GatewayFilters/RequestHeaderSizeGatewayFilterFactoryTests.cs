using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RequestHeaderSizeGatewayFilterFactoryTests
{
    private readonly RequestHeaderSizeGatewayFilterFactory _factory = new();

    [Fact]
    public async Task RequestHeaderSize_HeaderTooLarge_Answers431WithSpringMessage()
    {
        var filter = Create(_factory, "RequestHeaderSize=20B");
        var exchange = TestExchange.Create(headers: [new("X-Big", new string('a', 30)), new("X-Ok", "b")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Null(forwarded);
        Assert.Equal(431, exchange.Response.StatusCode);
        Assert.Equal(
            "Request Header/s size is larger than permissible limit (20B). Request Header/s size for 'X-Big' is 35B.",
            exchange.Response.Headers["errorMessage"]);
    }

    [Fact]
    public async Task RequestHeaderSize_SizeCountsNameAndAllValues()
    {
        var filter = Create(_factory, "RequestHeaderSize=10B");
        var exchange = TestExchange.Create(headers: [new("X-A", "1234"), new("X-A", "5678")]);

        await RunAsync(filter, exchange);

        Assert.Equal(431, exchange.Response.StatusCode);
        Assert.Contains("'X-A' is 11B", exchange.Response.Headers["errorMessage"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestHeaderSize_HeadersWithinLimit_Routes()
    {
        var filter = Create(_factory, "RequestHeaderSize=1KB");
        var exchange = TestExchange.Create(headers: [new("X-Ok", new string('a', 1000))]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.NotNull(forwarded);
        Assert.Equal(200, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task RequestHeaderSize_ErrorHeaderName_UsesIt()
    {
        var filter = Create(_factory, ("maxSize", "5"), ("errorHeaderName", "X-Header-Error"));
        var exchange = TestExchange.Create(headers: [new("X-Big", "123456")]);

        await RunAsync(filter, exchange);

        Assert.True(exchange.Response.Headers.ContainsKey("X-Header-Error"));
        Assert.False(exchange.Response.Headers.ContainsKey("errorMessage"));
    }

    [Fact]
    public void RequestHeaderSize_ToString_PrintsMaxSize()
    {
        Assert.Equal("[RequestHeaderSize maxSize = 16000B]", Create(_factory, "RequestHeaderSize").ToString());
        Assert.Equal("[RequestHeaderSize maxSize = 2048B]", Create(_factory, "RequestHeaderSize=2KB").ToString());
    }

    [Theory]
    [InlineData("RequestHeaderSize=lots")]
    [InlineData("RequestHeaderSize=0")]
    public void RequestHeaderSize_BadSize_ReportsError(string config) =>
        Assert.EndsWith("args.maxSize", Assert.Single(ConfigErrors(_factory, config)).Field, StringComparison.Ordinal);
}
