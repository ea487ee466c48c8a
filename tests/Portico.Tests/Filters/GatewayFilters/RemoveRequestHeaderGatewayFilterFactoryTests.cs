using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RemoveRequestHeaderGatewayFilterFactoryTests
{
    private readonly RemoveRequestHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task RemoveRequestHeader_HeaderPresent_RemovesEveryValue()
    {
        var filter = Create(_factory, "RemoveRequestHeader=X-Request-Foo");
        var exchange = TestExchange.Create(headers: [new("x-request-foo", "1"), new("X-Request-Foo", "2"), new("X-Other", "kept")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.False(forwarded!.Headers.ContainsKey("X-Request-Foo"));
        Assert.Equal("kept", forwarded.Headers["X-Other"]);
    }

    [Fact]
    public async Task RemoveRequestHeader_HeaderAbsent_Continues()
    {
        var filter = Create(_factory, "RemoveRequestHeader=X-Request-Foo");
        var exchange = TestExchange.Create("GET", "/orders?id=1", headers: [new("X-Other", "kept"), new("X-Request-Foo-Bar", "kept too")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("/orders", forwarded!.Path);
        Assert.Equal("?id=1", forwarded.Query);
        Assert.Equal("kept", forwarded.Headers["X-Other"]);
        Assert.Equal("kept too", forwarded.Headers["X-Request-Foo-Bar"]);
    }

    [Fact]
    public void RemoveRequestHeader_ToString_PrintsName() =>
        Assert.Equal("[RemoveRequestHeader name = 'X-Request-Foo']", Create(_factory, "RemoveRequestHeader=X-Request-Foo").ToString());

    [Fact]
    public void RemoveRequestHeader_MissingName_ReportsError() =>
        Assert.Contains(ConfigErrors(_factory, "RemoveRequestHeader"), e => e.Field.EndsWith("args.name", StringComparison.Ordinal));
}
