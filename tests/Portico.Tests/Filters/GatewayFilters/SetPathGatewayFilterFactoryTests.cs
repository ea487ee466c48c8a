using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class SetPathGatewayFilterFactoryTests
{
    private readonly SetPathGatewayFilterFactory _factory = new();

    [Fact]
    public async Task SetPath_TemplateWithVariable_UsesCapturedSegment()
    {
        var filter = Create(_factory, "SetPath=/{segment}");
        var exchange = TestExchange.Create(pathAndQuery: "/red/blue?x=1");
        exchange.UriVariables["segment"] = "blue";

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("/blue", forwarded!.Path);
        Assert.Equal("?x=1", forwarded.Query);
    }

    [Fact]
    public async Task SetPath_TemplateWithSeveralVariables_ExpandsEach()
    {
        var filter = Create(_factory, "SetPath=/api/{version}/items/{id:\\d+}");
        var exchange = TestExchange.Create(pathAndQuery: "/x");
        exchange.UriVariables["version"] = "v2";
        exchange.UriVariables["id"] = "42";

        var forwarded = await RunAsync(filter, exchange);

        Assert.Equal("/api/v2/items/42", forwarded!.Path);
    }

    [Fact]
    public async Task SetPath_LiteralTemplate_ReplacesPath()
    {
        var filter = Create(_factory, "SetPath=/fixed");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/anything/here"));

        Assert.Equal("/fixed", forwarded!.Path);
    }

    [Fact]
    public async Task SetPath_VariableNotCaptured_KeepsPlaceholder()
    {
        var filter = Create(_factory, "SetPath=/{missing}");

        var forwarded = await RunAsync(filter, TestExchange.Create(pathAndQuery: "/x"));

        Assert.Equal("/{missing}", forwarded!.Path);
    }

    [Fact]
    public void SetPath_ToString_PrintsTemplate() =>
        Assert.Equal("[SetPath template = '/{segment}']", Create(_factory, "SetPath=/{segment}").ToString());

    [Fact]
    public void SetPath_RelativeTemplate_ReportsError() =>
        Assert.Contains("does not start with '/'", Assert.Single(ConfigErrors(_factory, "SetPath={segment}")).Problem, StringComparison.Ordinal);
}
