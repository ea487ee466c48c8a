using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RewriteResponseHeaderGatewayFilterFactoryTests
{
    private readonly RewriteResponseHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task RewriteResponseHeader_MatchingValue_IsRewritten()
    {
        var filter = Create(_factory, "RewriteResponseHeader=X-Response-Red, password=[^&]+, password=***");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Response-Red", "/42?user=ford&password=omg!what&flag=true"));

        Assert.Equal("/42?user=ford&password=***&flag=true", exchange.Response.Headers["X-Response-Red"]);
    }

    [Fact]
    public async Task RewriteResponseHeader_SeveralValues_RewritesEachAndKeepsOthers()
    {
        var filter = Create(_factory, ("name", "X-Tag"), ("regexp", "^v(?<n>\\d+)$"), ("replacement", "version-$\\{n}"));
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Tag", "v1"), ("X-Tag", "other"), ("X-Tag", "v22"));

        Assert.Equal(["version-1", "other", "version-22"], Values(exchange.Response.Headers["X-Tag"]));
    }

    [Fact]
    public async Task RewriteResponseHeader_HeaderAbsent_AddsNothing()
    {
        var filter = Create(_factory, "RewriteResponseHeader=X-Response-Red, a, b");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange);

        Assert.False(exchange.Response.Headers.ContainsKey("X-Response-Red"));
    }

    [Fact]
    public void RewriteResponseHeader_ToString_PrintsAllFields() =>
        Assert.Equal(
            "[RewriteResponseHeader name = 'X-Response-Red', regexp = 'a+', replacement = 'b']",
            Create(_factory, "RewriteResponseHeader=X-Response-Red, a+, b").ToString());

    [Fact]
    public void RewriteResponseHeader_BadRegex_ReportsError() =>
        Assert.EndsWith("args.regexp", Assert.Single(ConfigErrors(_factory, "RewriteResponseHeader=X-A, [oops, b")).Field, StringComparison.Ordinal);

    [Fact]
    public void RewriteResponseHeader_MissingReplacement_ReportsError() =>
        Assert.EndsWith("args.replacement", Assert.Single(ConfigErrors(_factory, "RewriteResponseHeader=X-A, a")).Field, StringComparison.Ordinal);
}
