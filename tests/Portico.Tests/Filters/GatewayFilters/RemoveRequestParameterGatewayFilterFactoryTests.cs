using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RemoveRequestParameterGatewayFilterFactoryTests
{
    private readonly RemoveRequestParameterGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("/p?red=1", "")]
    [InlineData("/p?red=1&blue=2", "?blue=2")]
    [InlineData("/p?blue=2&red=1", "?blue=2")]
    [InlineData("/p?a=1&red=1&b=2&red=3&c=%20", "?a=1&b=2&c=%20")]
    [InlineData("/p?red", "")]
    [InlineData("/p?r%65d=1&x=2", "?x=2")]
    [InlineData("/p?reddish=1&x=2", "?reddish=1&x=2")]
    [InlineData("/p?x=red", "?x=red")]
    [InlineData("/p", "")]
    public async Task RemoveRequestParameter_Query_RemovesEveryOccurrence(string pathAndQuery, string expected)
    {
        var filter = Create(_factory, "RemoveRequestParameter=red");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: pathAndQuery));

        Assert.Equal(expected, forwarded!.Query);
    }

    [Fact]
    public void RemoveRequestParameter_NoMatch_ReturnsNullWithoutAllocating() =>
        Assert.Null(RemoveRequestParameterGatewayFilterFactory.Remove("?a=1&b=2", "red"));

    [Fact]
    public void RemoveRequestParameter_ToString_PrintsName() =>
        Assert.Equal("[RemoveRequestParameter name = 'red']", Create(_factory, "RemoveRequestParameter=red").ToString());

    [Fact]
    public void RemoveRequestParameter_MissingName_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "RemoveRequestParameter"));
}
