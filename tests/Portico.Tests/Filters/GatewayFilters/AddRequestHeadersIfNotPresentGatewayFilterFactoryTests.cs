using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class AddRequestHeadersIfNotPresentGatewayFilterFactoryTests
{
    private readonly AddRequestHeadersIfNotPresentGatewayFilterFactory _factory = new();

    [Fact]
    public async Task AddRequestHeadersIfNotPresent_HeadersAbsent_AddsEach()
    {
        var filter = Create(_factory, "AddRequestHeadersIfNotPresent=X-Request-Color-1:blue,X-Request-Color-2:green");

        var forwarded = await RunAsync(filter, TestExchange.Create());

        Assert.Equal("blue", forwarded!.Headers["X-Request-Color-1"]);
        Assert.Equal("green", forwarded.Headers["X-Request-Color-2"]);
    }

    [Fact]
    public async Task AddRequestHeadersIfNotPresent_HeaderSent_KeepsClientValue()
    {
        var filter = Create(_factory, "AddRequestHeadersIfNotPresent=X-Request-Color-1:blue,X-Request-Color-2:green");
        var exchange = TestExchange.Create(headers: [new("X-Request-Color-1", "red")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal(["red"], Values(forwarded!.Headers["X-Request-Color-1"]));
        Assert.Equal("green", forwarded.Headers["X-Request-Color-2"]);
    }

    [Fact]
    public async Task AddRequestHeadersIfNotPresent_HeaderSentBlank_AddsConfiguredValue()
    {
        var filter = Create(_factory, "AddRequestHeadersIfNotPresent=X-Color:blue");
        var exchange = TestExchange.Create(headers: [new("X-Color", " ")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("blue", forwarded!.Headers["X-Color"]);
    }

    [Fact]
    public async Task AddRequestHeadersIfNotPresent_SameNameTwice_AddsBothValues()
    {
        var filter = Create(_factory, "AddRequestHeadersIfNotPresent=X-Color:blue,x-color:green");

        var forwarded = await RunAsync(filter, TestExchange.Create());

        Assert.Equal(["blue", "green"], Values(forwarded!.Headers["X-Color"]));
    }

    [Fact]
    public async Task AddRequestHeadersIfNotPresent_ValueWithColonAndVariable_KeepsRestOfEntry()
    {
        var filter = Create(_factory, ("keyValues", "X-Target:http://{host}:8080"));
        var exchange = TestExchange.Create();
        exchange.UriVariables["host"] = "svc";

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("http://svc:8080", forwarded!.Headers["X-Target"]);
    }

    [Fact]
    public void AddRequestHeadersIfNotPresent_ToString_PrintsEachPair() =>
        Assert.Equal(
            "[AddRequestHeadersIfNotPresent X-A = '1', X-B = '2']",
            Create(_factory, "AddRequestHeadersIfNotPresent=X-A:1,X-B:2").ToString());

    [Fact]
    public void AddRequestHeadersIfNotPresent_EntryWithoutColon_ReportsError()
    {
        var error = Assert.Single(ConfigErrors(_factory, "AddRequestHeadersIfNotPresent=X-A:1,X-B"));

        Assert.Contains("'X-B' is not a 'name:value' pair", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRequestHeadersIfNotPresent_NoEntries_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "AddRequestHeadersIfNotPresent"));
}
