using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class SetResponseHeaderGatewayFilterFactoryTests
{
    private readonly SetResponseHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task SetResponseHeader_UpstreamSentHeader_ReplacesUpstreamValues()
    {
        var filter = Create(_factory, "SetResponseHeader=X-Response-Red, Blue");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Response-Red", "1234"), ("X-Response-Red", "5678"));

        Assert.Equal(["Blue"], Values(exchange.Response.Headers["X-Response-Red"]));
    }

    [Fact]
    public async Task SetResponseHeader_UriVariable_Expands()
    {
        var filter = Create(_factory, "SetResponseHeader=foo, bar-{segment}");
        var exchange = TestExchange.Create();
        exchange.UriVariables["segment"] = "red";

        await RunAsync(filter, exchange);

        Assert.Equal("bar-red", exchange.Response.Headers["foo"]);
    }

    [Fact]
    public void SetResponseHeader_ToString_PrintsPair() =>
        Assert.Equal("[SetResponseHeader X-Response-Red = 'Blue']", Create(_factory, "SetResponseHeader=X-Response-Red, Blue").ToString());

    [Fact]
    public void SetResponseHeader_MissingValue_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "SetResponseHeader=X-Response-Red"));
}
