using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RewriteLocationResponseHeaderGatewayFilterFactoryTests
{
    private readonly RewriteLocationResponseHeaderGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("AS_IN_REQUEST", "/some/object/name", "https://object-service.prod.example.net/v2/some/object/id", "https://api.example.com:443/some/object/id")]
    [InlineData("AS_IN_REQUEST", "/v1/some/object/name", "https://object-service.prod.example.net/v2/some/object/id", "https://api.example.com:443/v2/some/object/id")]
    [InlineData("NEVER_STRIP", "/some/object/name", "https://object-service.prod.example.net/v2/some/object/id", "https://api.example.com:443/v2/some/object/id")]
    [InlineData("ALWAYS_STRIP", "/v1/some/object/name", "https://object-service.prod.example.net:8443/v1/some/object/id", "https://api.example.com:443/some/object/id")]
    [InlineData("AS_IN_REQUEST", "/x", "http://backend:8080/a", "http://api.example.com:443/a")]
    [InlineData("AS_IN_REQUEST", "/x", "/relative/path", "/relative/path")]
    [InlineData("AS_IN_REQUEST", "/x", "mailto://someone/x", "mailto://someone/x")]
    public async Task RewriteLocationResponseHeader_Mode_RewritesHostAndVersion(string mode, string requestPath, string location, string expected)
    {
        var filter = Create(_factory, $"RewriteLocationResponseHeader={mode}, Location");
        var exchange = TestExchange.Create(pathAndQuery: requestPath, host: "api.example.com:443");

        await RunAsync(filter, exchange, 201, ("Location", location));

        Assert.Equal(expected, exchange.Response.Headers.Location);
    }

    [Fact]
    public async Task RewriteLocationResponseHeader_HostValueAndCustomHeader_UsesThem()
    {
        var filter = Create(_factory, ("stripVersionMode", "ALWAYS_STRIP"), ("locationHeaderName", "Link"), ("hostValue", "example-api.com"));
        var exchange = TestExchange.Create(pathAndQuery: "/v1/some/object/name", host: "api.example.com:443");

        await RunAsync(filter, exchange, 200, ("Link", "https://object-service.prod.example.net/v1/some/object/id"));

        Assert.Equal("https://example-api.com/some/object/id", exchange.Response.Headers["Link"]);
    }

    [Fact]
    public async Task RewriteLocationResponseHeader_ProtocolsRestricted_LeavesOtherSchemes()
    {
        var filter = Create(_factory, ("stripVersion", "NEVER_STRIP"), ("protocolsRegex", "https|ftps"));
        var exchange = TestExchange.Create(pathAndQuery: "/some/object", host: "api.example.com:443");

        await RunAsync(filter, exchange, 302, ("Location", "http://object-service.prod.example.net/v1/some/object/id"));

        Assert.Equal("http://object-service.prod.example.net/v1/some/object/id", exchange.Response.Headers.Location);
    }

    [Fact]
    public async Task RewriteLocationResponseHeader_VersionJudgedOnOriginalPath()
    {
        var filter = Create(_factory, "RewriteLocationResponseHeader");
        var exchange = TestExchange.Create(pathAndQuery: "/v1/orders", host: "gw");
        exchange.Request.Path = "/orders";

        await RunAsync(filter, exchange, 302, ("Location", "http://backend/v1/orders/7"));

        Assert.Equal("http://gw/v1/orders/7", exchange.Response.Headers.Location);
    }

    [Theory]
    [InlineData("/v1/x", true)]
    [InlineData("/v12/", true)]
    [InlineData("/v1", false)]
    [InlineData("/version/x", false)]
    [InlineData("/x/v1/", false)]
    public void IsVersioned_Path_MatchesSpringPattern(string path, bool expected) =>
        Assert.Equal(expected, RewriteLocationResponseHeaderGatewayFilterFactory.IsVersioned(path));

    [Fact]
    public void RewriteLocationResponseHeader_ToString_PrintsConfiguration() =>
        Assert.Equal(
            "[RewriteLocationResponseHeader stripVersion = AS_IN_REQUEST, locationHeaderName = 'Location', hostValue = null, protocols = 'https?|ftps?']",
            Create(_factory, "RewriteLocationResponseHeader=AS_IN_REQUEST, Location, , ").ToString());

    [Fact]
    public void RewriteLocationResponseHeader_UnknownMode_ReportsChoices()
    {
        var error = Assert.Single(ConfigErrors(_factory, "RewriteLocationResponseHeader=SOMETIMES"));

        Assert.Contains("'SOMETIMES' is not a strip-version mode", error.Problem, StringComparison.Ordinal);
        Assert.Contains("ALWAYS_STRIP", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void RewriteLocationResponseHeader_BadProtocolsRegex_ReportsError() =>
        Assert.EndsWith("args.protocols", Assert.Single(ConfigErrors(_factory, ("protocols", "http(s"))).Field, StringComparison.Ordinal);
}
