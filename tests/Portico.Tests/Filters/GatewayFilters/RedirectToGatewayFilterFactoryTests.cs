using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RedirectToGatewayFilterFactoryTests
{
    private readonly RedirectToGatewayFilterFactory _factory = new();

    [Fact]
    public async Task RedirectTo_Applied_AnswersWithoutRouting()
    {
        var filter = Create(_factory, "RedirectTo=302, https://acme.org");
        var exchange = TestExchange.Create(pathAndQuery: "/x?a=1");

        var forwarded = await RunAsync(filter, exchange);

        Assert.Null(forwarded);
        Assert.Equal(302, exchange.Response.StatusCode);
        Assert.Equal("https://acme.org", exchange.Response.Headers.Location);
    }

    [Theory]
    [InlineData("https://acme.org/login", "/x?a=1&b=2", "https://acme.org/login?a=1&b=2")]
    [InlineData("https://acme.org/login?c=3", "/x?a=1", "https://acme.org/login?c=3&a=1")]
    [InlineData("https://acme.org/login#top", "/x?a=1", "https://acme.org/login?a=1#top")]
    [InlineData("https://acme.org/login?c=3", "/x", "https://acme.org/login?c=3")]
    public async Task RedirectTo_IncludeRequestParams_AddsClientQuery(string url, string request, string expected)
    {
        var filter = Create(_factory, ("status", "MOVED_PERMANENTLY"), ("url", url), ("includeRequestParams", "true"));
        var exchange = TestExchange.Create(pathAndQuery: request);

        await RunAsync(filter, exchange);

        Assert.Equal(301, exchange.Response.StatusCode);
        Assert.Equal(expected, exchange.Response.Headers.Location);
    }

    [Fact]
    public void RedirectTo_ToString_PrintsStatusAndUrl() =>
        Assert.Equal("[RedirectTo 302 = https://acme.org]", Create(_factory, "RedirectTo=302, https://acme.org").ToString());

    [Fact]
    public void RedirectTo_NonRedirectStatus_ReportsError()
    {
        var error = Assert.Single(ConfigErrors(_factory, "RedirectTo=200, https://acme.org"));

        Assert.Contains("200 is not a redirection status", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectTo_BadUrl_ReportsError() =>
        Assert.EndsWith("args.url", Assert.Single(ConfigErrors(_factory, "RedirectTo=302, https://acme .org")).Field, StringComparison.Ordinal);

    [Fact]
    public void RedirectTo_MissingUrl_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "RedirectTo=302"));
}
