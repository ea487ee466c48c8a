using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class StripPrefixGatewayFilterFactoryTests
{
    private readonly StripPrefixGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("/name/blue/red", 2, "/red")]
    [InlineData("/name/blue/red", 1, "/blue/red")]
    [InlineData("/name/blue/red/", 1, "/blue/red/")]
    [InlineData("/name/", 1, "/")]
    [InlineData("/name", 1, "/")]
    [InlineData("/a", 5, "/")]
    [InlineData("/", 1, "/")]
    [InlineData("//a//b/c", 1, "/b/c")]
    [InlineData("/a/b//c/", 1, "/b/c/")]
    public void StripPrefix_Path_RemovesLeadingSegments(string path, int parts, string expected) =>
        Assert.Equal(expected, StripPrefixGatewayFilterFactory.Strip(path, parts));

    [Fact]
    public async Task StripPrefix_TwoParts_RemovesTwoSegments()
    {
        var filter = Create(_factory, "StripPrefix=2");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/name/blue/red?x=1"));

        Assert.Equal("/red", forwarded!.Path);
        Assert.Equal("?x=1", forwarded.Query);
    }

    [Fact]
    public async Task StripPrefix_NoArgument_DefaultsToOnePart()
    {
        var filter = Create(_factory, "StripPrefix");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/api/orders"));

        Assert.Equal("/orders", forwarded!.Path);
    }

    [Fact]
    public async Task StripPrefix_ZeroParts_LeavesPath()
    {
        var filter = Create(_factory, ("parts", "0"));

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/api/orders"));

        Assert.Equal("/api/orders", forwarded!.Path);
    }

    [Fact]
    public void StripPrefix_ToString_PrintsParts() =>
        Assert.Equal("[StripPrefix parts = 1]", Create(_factory, "StripPrefix=1").ToString());

    [Theory]
    [InlineData("StripPrefix=-1")]
    [InlineData("StripPrefix=two")]
    public void StripPrefix_InvalidParts_ReportsError(string config)
    {
        var error = Assert.Single(ConfigErrors(_factory, config));

        Assert.EndsWith("args.parts", error.Field, StringComparison.Ordinal);
        Assert.Contains("Write a whole number", error.Fix, StringComparison.Ordinal);
    }
}
