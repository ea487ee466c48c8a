using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class PreserveHostHeaderGatewayFilterFactoryTests
{
    private readonly PreserveHostHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task PreserveHostHeader_Applied_MarksExchangeBeforeRouting()
    {
        var filter = Create(_factory, "PreserveHostHeader");
        var exchange = TestExchange.Create();
        var seenByRouting = false;

        await TestExchange.RunAsync(filter, exchange, e =>
        {
            seenByRouting = e.PreserveHostHeader;
            return default;
        });

        Assert.True(seenByRouting);
    }

    [Fact]
    public void PreserveHostHeader_ToString_PrintsName() =>
        Assert.Equal("[PreserveHostHeader]", Create(_factory, "PreserveHostHeader").ToString());

    [Fact]
    public void PreserveHostHeader_WithArgument_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "PreserveHostHeader=true"));
}
