using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class SetRequestHeaderGatewayFilterFactoryTests
{
    private readonly SetRequestHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task SetRequestHeader_HeaderSentTwice_ReplacesAllValues()
    {
        var filter = Create(_factory, "SetRequestHeader=X-Request-Red, Blue");
        var exchange = TestExchange.Create(headers: [new("X-Request-Red", "1"), new("X-Request-Red", "2")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal(["Blue"], Values(forwarded!.Headers["X-Request-Red"]));
    }

    [Fact]
    public async Task SetRequestHeader_HeaderAbsent_AddsIt()
    {
        var filter = Create(_factory, "SetRequestHeader=X-Request-Red, Blue");

        var forwarded = await RunAsync(filter, TestExchange.Create());

        Assert.Equal("Blue", forwarded!.Headers["X-Request-Red"]);
    }

    [Fact]
    public async Task SetRequestHeader_UriVariable_Expands()
    {
        var filter = Create(_factory, "SetRequestHeader=foo, bar-{segment}");
        var exchange = TestExchange.Create();
        exchange.UriVariables["segment"] = "red";

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("bar-red", forwarded!.Headers["foo"]);
    }

    [Fact]
    public void SetRequestHeader_ToString_PrintsSpringStyle() =>
        Assert.Equal("[SetRequestHeader X-Request-Red = 'Blue']", Create(_factory, "SetRequestHeader=X-Request-Red, Blue").ToString());

    [Fact]
    public void SetRequestHeader_NoArguments_ReportsBothFields()
    {
        var errors = ConfigErrors(_factory, "SetRequestHeader");

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Field.EndsWith("args.name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field.EndsWith("args.value", StringComparison.Ordinal));
    }
}
