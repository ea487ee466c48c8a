using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class PrefixPathGatewayFilterFactoryTests
{
    private readonly PrefixPathGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("/mypath", "/hello", "/mypath/hello")]
    [InlineData("/mypath/", "/hello", "/mypath/hello")]
    [InlineData("/mypath", "/", "/mypath/")]
    [InlineData("/a/b", "/hello/world", "/a/b/hello/world")]
    public async Task PrefixPath_Request_PrependsPrefix(string prefix, string path, string expected)
    {
        var filter = Create(_factory, ("prefix", prefix));

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: path + "?q=1"));

        Assert.Equal(expected, forwarded!.Path);
        Assert.Equal("?q=1", forwarded.Query);
    }

    [Fact]
    public void PrefixPath_ToString_PrintsPrefix() =>
        Assert.Equal("[PrefixPath prefix = '/mypath']", Create(_factory, "PrefixPath=/mypath").ToString());

    [Fact]
    public void PrefixPath_RelativePrefix_ReportsErrorWithFix()
    {
        var error = Assert.Single(ConfigErrors(_factory, "PrefixPath=mypath"));

        Assert.Contains("does not start with '/'", error.Problem, StringComparison.Ordinal);
        Assert.Contains("'/mypath'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void PrefixPath_MissingPrefix_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "PrefixPath"));
}
