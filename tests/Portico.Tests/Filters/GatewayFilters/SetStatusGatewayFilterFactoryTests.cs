using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class SetStatusGatewayFilterFactoryTests
{
    private readonly SetStatusGatewayFilterFactory _factory = new();

    [Theory]
    [InlineData("401", 401)]
    [InlineData("UNAUTHORIZED", 401)]
    [InlineData("BAD_REQUEST", 400)]
    [InlineData("payload_too_large", 413)]
    [InlineData("I_AM_A_TEAPOT", 418)]
    [InlineData("NotFound", 404)]
    public async Task SetStatus_StatusNumberOrName_ReplacesUpstreamStatus(string status, int expected)
    {
        var filter = Create(_factory, "SetStatus=" + status);
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200);

        Assert.Equal(expected, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task SetStatus_OriginalStatusHeaderName_RecordsUpstreamStatus()
    {
        var filter = Create(_factory, ("status", "UNAUTHORIZED"), ("originalStatusHeaderName", "original-http-status"));
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200);

        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Equal("200", exchange.Response.Headers["original-http-status"]);
    }

    [Fact]
    public void SetStatus_ToString_PrintsStatusAsWritten() =>
        Assert.Equal("[SetStatus status = 'UNAUTHORIZED']", Create(_factory, "SetStatus=UNAUTHORIZED").ToString());

    [Theory]
    [InlineData("SetStatus=NOT_A_STATUS")]
    [InlineData("SetStatus=99")]
    [InlineData("SetStatus=600")]
    public void SetStatus_BadStatus_ReportsErrorWithExamples(string config)
    {
        var error = Assert.Single(ConfigErrors(_factory, config));

        Assert.Contains("is not an HTTP status", error.Problem, StringComparison.Ordinal);
        Assert.Contains("NOT_FOUND", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStatus_MissingStatus_ReportsError() =>
        Assert.Single(ConfigErrors(_factory, "SetStatus"));
}
