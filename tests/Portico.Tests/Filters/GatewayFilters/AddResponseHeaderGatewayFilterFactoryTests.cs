using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class AddResponseHeaderGatewayFilterFactoryTests
{
    private readonly AddResponseHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task AddResponseHeader_UpstreamSentHeader_AppendsAfterUpstreamValue()
    {
        var filter = Create(_factory, "AddResponseHeader=X-Response-Red, Blue");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Response-Red", "Upstream"));

        Assert.Equal(["Upstream", "Blue"], Values(exchange.Response.Headers["X-Response-Red"]));
    }

    [Fact]
    public async Task AddResponseHeader_OverrideFalseAndUpstreamSentHeader_KeepsUpstreamValueOnly()
    {
        var filter = Create(_factory, "AddResponseHeader=X-Response-Red, Blue, false");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Response-Red", "Upstream"));

        Assert.Equal(["Upstream"], Values(exchange.Response.Headers["X-Response-Red"]));
    }

    [Fact]
    public async Task AddResponseHeader_OverrideFalseAndHeaderAbsent_AddsValue()
    {
        var filter = Create(_factory, ("name", "X-Response-Red"), ("value", "Blue"), ("override", "false"));
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange);

        Assert.Equal("Blue", exchange.Response.Headers["X-Response-Red"]);
    }

    [Fact]
    public async Task AddResponseHeader_UriVariable_Expands()
    {
        var filter = Create(_factory, "AddResponseHeader=foo, bar-{segment}");
        var exchange = TestExchange.Create();
        exchange.UriVariables["segment"] = "blue";

        await RunAsync(filter, exchange);

        Assert.Equal("bar-blue", exchange.Response.Headers["foo"]);
    }

    [Fact]
    public async Task AddResponseHeader_ResponseAlreadyStarted_LeavesHeadersAlone()
    {
        var filter = Create(_factory, "AddResponseHeader=X-Response-Red, Blue");
        var exchange = TestExchange.Create();

        await TestExchange.RunAsync(filter, exchange, e =>
        {
            MarkResponseStarted(e);
            return default;
        });

        Assert.False(exchange.Response.Headers.ContainsKey("X-Response-Red"));
    }

    [Fact]
    public async Task AddResponseHeader_ChainFails_DoesNotAddHeader()
    {
        var filter = Create(_factory, "AddResponseHeader=X-Response-Red, Blue");
        var exchange = TestExchange.Create();

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestExchange.RunAsync(filter, exchange, _ => throw new InvalidOperationException("upstream down")));

        Assert.False(exchange.Response.Headers.ContainsKey("X-Response-Red"));
    }

    [Fact]
    public void AddResponseHeader_ToString_PrintsNameValueAndOverride() =>
        Assert.Equal(
            "[AddResponseHeader name = 'X-Response-Red', value = 'Blue', override = true]",
            Create(_factory, "AddResponseHeader=X-Response-Red, Blue").ToString());

    [Fact]
    public void AddResponseHeader_OverrideNotBoolean_ReportsError() =>
        Assert.EndsWith("args.override", Assert.Single(ConfigErrors(_factory, "AddResponseHeader=X-A, b, maybe")).Field, StringComparison.Ordinal);
}
