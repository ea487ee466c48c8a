using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class AddRequestHeaderGatewayFilterFactoryTests
{
    private readonly AddRequestHeaderGatewayFilterFactory _factory = new();

    [Fact]
    public async Task AddRequestHeader_Shortcut_AddsHeaderAndContinues()
    {
        var filter = Create(_factory, "AddRequestHeader=X-Request-Red, blue");
        var exchange = TestExchange.Create();

        var forwarded = await RunAsync(filter, exchange);

        Assert.NotNull(forwarded);
        Assert.Equal("blue", forwarded.Headers["X-Request-Red"]);
    }

    [Fact]
    public async Task AddRequestHeader_HeaderAlreadySent_AppendsValue()
    {
        var filter = Create(_factory, "AddRequestHeader=X-Request-Red, blue");
        var exchange = TestExchange.Create(headers: [new("X-Request-Red", "green")]);

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal(["green", "blue"], Values(forwarded!.Headers["X-Request-Red"]));
    }

    [Fact]
    public async Task AddRequestHeader_UriVariable_ExpandsFromExchange()
    {
        var filter = Create(_factory, ("name", "X-Request-Segment"), ("value", "seg-{segment}"));
        var exchange = TestExchange.Create(pathAndQuery: "/red/blue");
        exchange.UriVariables["segment"] = "blue";

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("seg-blue", forwarded!.Headers["X-Request-Segment"]);
    }

    [Fact]
    public async Task AddRequestHeader_UriVariableWithLineBreak_RefusedWith400()
    {
        var filter = Create(_factory, "AddRequestHeader=X-Segment, {segment}");
        var exchange = TestExchange.Create();
        exchange.UriVariables["segment"] = "a\r\nInjected: yes";

        var ex = await Assert.ThrowsAsync<Portico.Errors.GatewayException>(() => RunAsync(filter, exchange));

        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("X-Segment", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRequestHeader_ToString_PrintsSpringStyle()
    {
        var filter = Create(_factory, "AddRequestHeader=X-Foo, bar");

        Assert.Equal("[AddRequestHeader X-Foo = 'bar']", filter.ToString());
    }

    [Fact]
    public void AddRequestHeader_MissingValue_ReportsRequiredField()
    {
        var errors = ConfigErrors(_factory, "AddRequestHeader=X-Foo");

        var error = Assert.Single(errors);
        Assert.Contains("args.value", error.Field, StringComparison.Ordinal);
        Assert.Contains("required", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRequestHeader_InvalidHeaderName_ReportsProblemAndFix()
    {
        var errors = ConfigErrors(_factory, ("name", "X Foo"), ("value", "bar"));

        var error = Assert.Single(errors);
        Assert.Contains("'X Foo' is not a valid header name", error.Problem, StringComparison.Ordinal);
        Assert.Contains("X-Request-Id", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRequestHeader_ValueWithLineBreak_ReportsError()
    {
        var errors = ConfigErrors(_factory, ("name", "X-Foo"), ("value", "bar\r\nX-Evil: 1"));

        Assert.Contains(errors, e => e.Problem.Contains("control character", StringComparison.Ordinal));
    }
}
