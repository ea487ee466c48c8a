using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class SetRequestHostHeaderGatewayFilterFactoryTests
{
    private readonly SetRequestHostHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task SetRequestHostHeader_Applied_ReplacesHostAndPreservesIt()
    {
        var filter = Create(_factory, "SetRequestHostHeader=example.org:8443");
        var exchange = TestExchange.Create(host: "gateway.test");

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("example.org:8443", forwarded!.Headers.Host);
        Assert.True(exchange.PreserveHostHeader);
    }

    [Fact]
    public void SetRequestHostHeader_ToString_PrintsHost() =>
        Assert.Equal("[SetRequestHostHeader host = 'example.org']", Create(_factory, "SetRequestHostHeader=example.org").ToString());

    [Theory]
    [InlineData("exa mple.org")]
    [InlineData("example.org/path")]
    public void SetRequestHostHeader_InvalidHost_ReportsError(string host)
    {
        var error = Assert.Single(ConfigErrors(_factory, ("host", host)));

        Assert.Contains("is not a valid host", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SetRequestHostHeader_MissingHost_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "SetRequestHostHeader"));
}
