using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class DedupeResponseHeaderGatewayFilterFactoryTests
{
    private readonly DedupeResponseHeaderGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("", new[] { "true" })]
    [InlineData(", RETAIN_FIRST", new[] { "true" })]
    [InlineData(", RETAIN_LAST", new[] { "false" })]
    [InlineData(", RETAIN_UNIQUE", new[] { "true", "false" })]
    [InlineData(", retain-unique", new[] { "true", "false" })]
    public async Task DedupeResponseHeader_Strategy_KeepsExpectedValues(string strategy, string[] expected)
    {
        var filter = Create(_factory, "DedupeResponseHeader=Access-Control-Allow-Credentials Access-Control-Allow-Origin" + strategy);
        var exchange = TestExchange.Create();

        await RunAsync(
            filter,
            exchange,
            200,
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Allow-Credentials", "false"),
            ("Access-Control-Allow-Origin", "https://musk.mars"),
            ("Access-Control-Allow-Origin", "https://musk.mars"));

        Assert.Equal(expected, Values(exchange.Response.Headers["Access-Control-Allow-Credentials"]));
        Assert.Equal(["https://musk.mars"], Values(exchange.Response.Headers["Access-Control-Allow-Origin"]));
    }

    [Fact]
    public async Task DedupeResponseHeader_UnlistedHeader_IsLeftAlone()
    {
        var filter = Create(_factory, "DedupeResponseHeader=Vary");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Other", "a"), ("X-Other", "a"));

        Assert.Equal(["a", "a"], Values(exchange.Response.Headers["X-Other"]));
    }

    [Fact]
    public void DedupeResponseHeader_UniqueWithoutDuplicates_ReturnsSameValues()
    {
        var values = new Microsoft.Extensions.Primitives.StringValues(["a", "b", "c"]);

        var result = DedupeResponseHeaderGatewayFilterFactory.Dedupe(values, DedupeResponseHeaderGatewayFilterFactory.Strategy.RetainUnique);

        Assert.Equal(["a", "b", "c"], Values(result));
    }

    [Fact]
    public void DedupeResponseHeader_ToString_PrintsNamesAndStrategy() =>
        Assert.Equal(
            "[DedupeResponseHeader Vary Origin = RETAIN_LAST]",
            Create(_factory, "DedupeResponseHeader=Vary Origin, RETAIN_LAST").ToString());

    [Fact]
    public void DedupeResponseHeader_UnknownStrategy_ReportsChoices()
    {
        var error = Assert.Single(ConfigErrors(_factory, "DedupeResponseHeader=Vary, KEEP_SOME"));

        Assert.Contains("'KEEP_SOME' is not a strategy", error.Problem, StringComparison.Ordinal);
        Assert.Contains("RETAIN_UNIQUE", error.Fix, StringComparison.Ordinal);
    }
}
