using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RemoveResponseHeaderGatewayFilterFactoryTests
{
    private readonly RemoveResponseHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task RemoveResponseHeader_UpstreamSentHeader_RemovesIt()
    {
        var filter = Create(_factory, "RemoveResponseHeader=X-Response-Foo");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Response-Foo", "secret"), ("X-Other", "kept"));

        Assert.False(exchange.Response.Headers.ContainsKey("X-Response-Foo"));
        Assert.Equal("kept", exchange.Response.Headers["X-Other"]);
    }

    [Fact]
    public void RemoveResponseHeader_ToString_PrintsName() =>
        Assert.Equal("[RemoveResponseHeader name = 'X-Response-Foo']", Create(_factory, "RemoveResponseHeader=X-Response-Foo").ToString());

    [Fact]
    public void RemoveResponseHeader_MissingName_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "RemoveResponseHeader"));
}
