using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class AddRequestParameterGatewayFilterFactoryTests
{
    private readonly AddRequestParameterGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("/path", "?red=blue")]
    [InlineData("/path?a=1", "?a=1&red=blue")]
    [InlineData("/path?a=1&", "?a=1&red=blue")]
    [InlineData("/path?red=green", "?red=green&red=blue")]
    public async Task AddRequestParameter_Query_AppendsParameter(string pathAndQuery, string expected)
    {
        var filter = Create(_factory, "AddRequestParameter=red, blue");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: pathAndQuery));

        Assert.Equal(expected, forwarded!.Query);
    }

    [Fact]
    public async Task AddRequestParameter_ReservedCharacters_AreEncoded()
    {
        var filter = Create(_factory, ("name", "a b"), ("value", "x&y=z"));

        var forwarded = await RunAsync(filter, TestExchange.Create());

        Assert.Equal("?a%20b=x%26y%3Dz", forwarded!.Query);
    }

    [Fact]
    public async Task AddRequestParameter_UriVariable_ExpandsAndEncodes()
    {
        var filter = Create(_factory, "AddRequestParameter=foo, bar-{segment}");
        var exchange = TestExchange.Create();
        exchange.UriVariables["segment"] = "a&b";

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("?foo=bar-a%26b", forwarded!.Query);
    }

    [Fact]
    public void AddRequestParameter_ToString_PrintsPair() =>
        Assert.Equal("[AddRequestParameter red = 'blue']", Create(_factory, "AddRequestParameter=red, blue").ToString());

    [Fact]
    public void AddRequestParameter_MissingValue_ReportsError() =>
        Assert.Contains(ConfigErrors(_factory, "AddRequestParameter=red"), e => e.Field.EndsWith("args.value", StringComparison.Ordinal));
}
