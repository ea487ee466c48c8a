using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class MapRequestHeaderGatewayFilterFactoryTests
{
    private readonly MapRequestHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task MapRequestHeader_FromHeaderPresent_CopiesValuesToNewHeader()
    {
        var filter = Create(_factory, "MapRequestHeader=Blue, X-Request-Red");
        var exchange = TestExchange.Create(headers: [new("Blue", "one"), new("Blue", "two")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal(["one", "two"], Values(forwarded!.Headers["X-Request-Red"]));
        Assert.Equal(["one", "two"], Values(forwarded.Headers["Blue"]));
    }

    [Fact]
    public async Task MapRequestHeader_ToHeaderExists_AppendsAfterExistingValues()
    {
        var filter = Create(_factory, ("fromHeader", "Blue"), ("toHeader", "X-Request-Red"));
        var exchange = TestExchange.Create(headers: [new("Blue", "one"), new("X-Request-Red", "zero")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal(["zero", "one"], Values(forwarded!.Headers["X-Request-Red"]));
    }

    [Fact]
    public async Task MapRequestHeader_FromHeaderAbsent_LeavesRequestAlone()
    {
        var filter = Create(_factory, "MapRequestHeader=Blue, X-Request-Red");

        var forwarded = await RunAsync(filter, TestExchange.Create());

        Assert.False(forwarded!.Headers.ContainsKey("X-Request-Red"));
    }

    [Fact]
    public void MapRequestHeader_ToString_PrintsBothNames() =>
        Assert.Equal("[MapRequestHeader fromHeader = 'Blue', toHeader = 'X-Request-Red']", Create(_factory, "MapRequestHeader=Blue, X-Request-Red").ToString());

    [Fact]
    public void MapRequestHeader_MissingToHeader_ReportsError() =>
        Assert.Contains(ConfigErrors(_factory, "MapRequestHeader=Blue"), e => e.Field.EndsWith("args.toHeader", StringComparison.Ordinal));
}
