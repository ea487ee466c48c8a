using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RewritePathGatewayFilterFactoryTests
{
    private readonly RewritePathGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("/red/blue", "/blue")]
    [InlineData("/red", "/")]
    [InlineData("/redblue", "/blue")]
    [InlineData("/green/blue", "/green/blue")]
    public async Task RewritePath_SpringEscapedNamedGroup_RewritesPath(string path, string expected)
    {
        var filter = Create(_factory, "RewritePath=/red/?(?<segment>.*), /$\\{segment}");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: path + "?q=1"));

        Assert.Equal(expected, forwarded!.Path);
        Assert.Equal("?q=1", forwarded.Query);
    }

    [Fact]
    public async Task RewritePath_DotNetReplacementSyntax_Works()
    {
        var filter = Create(_factory, ("regexp", "^/api/(v\\d+)/(?<rest>.*)$"), ("replacement", "/${rest}/$1"));

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/api/v2/orders"));

        Assert.Equal("/orders/v2", forwarded!.Path);
    }

    [Fact]
    public async Task RewritePath_ReplacementWithoutLeadingSlash_StaysRooted()
    {
        var filter = Create(_factory, ("regexp", "^/foo/(?<segment>.*)"), ("replacement", "${segment}"));

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/foo/bar"));

        Assert.Equal("/bar", forwarded!.Path);
    }

    [Fact]
    public async Task RewritePath_EmptyReplacement_RemovesMatch()
    {
        var filter = Create(_factory, ("regexp", "/api"), ("replacement", ""));

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/api/orders"));

        Assert.Equal("/orders", forwarded!.Path);
    }

    [Fact]
    public void RewritePath_ToString_PrintsRegexAndReplacement() =>
        Assert.Equal(
            "[RewritePath /red/?(?<segment>.*) = '/${segment}']",
            Create(_factory, "RewritePath=/red/?(?<segment>.*), /$\\{segment}").ToString());

    [Fact]
    public void RewritePath_BadRegex_ReportsError()
    {
        var error = Assert.Single(ConfigErrors(_factory, "RewritePath=/red/(unclosed, /x"));

        Assert.EndsWith("args.regexp", error.Field, StringComparison.Ordinal);
        Assert.Contains("not a valid regular expression", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RewritePath_MissingReplacement_ReportsError() =>
        Assert.EndsWith("args.replacement", Assert.Single(ConfigErrors(_factory, "RewritePath=/red")).Field, StringComparison.Ordinal);
}
