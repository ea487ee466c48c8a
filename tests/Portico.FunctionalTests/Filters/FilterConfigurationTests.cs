using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Filters;

/// <summary>How route filters are configured: default filters, ordering, self-description and configuration errors.</summary>
public class FilterConfigurationTests
{
    [Fact]
    public async Task DefaultFilters_EveryRoute_GetsThemBeforeItsOwn()
    {
        await using var gateway = await FilterGateway.StartAsync(
            $$"""
            - id: red
              uri: {{FilterGateway.UpstreamUri}}
              predicates:
                - TestPathTemplate=/red/{segment}
              filters:
                - SetPath=/{segment}
            - id: blue
              uri: {{FilterGateway.UpstreamUri}}
              predicates:
                - TestPathTemplate=/blue/{segment}
              filters:
                - AddRequestHeader=X-Route, blue
            """,
            defaultFilters: """
            - AddRequestHeader=X-Route, default
            - name: AddResponseHeader
              args:
                name: X-Gateway
                value: portico
            """);

        using var red = await gateway.Client.GetAsync("/red/one");
        using var blue = await gateway.Client.GetAsync("/blue/two");
        var redForwarded = await ForwardedRequest.ReadAsync(red);
        var blueForwarded = await ForwardedRequest.ReadAsync(blue);

        Assert.Equal("/one", redForwarded.Path);
        Assert.Equal("default", redForwarded.Header("X-Route"));
        Assert.Equal("/blue/two", blueForwarded.Path);
        Assert.Equal("default,blue", blueForwarded.Header("X-Route"));
        Assert.Equal(["portico"], red.Headers.GetValues("X-Gateway"));
        Assert.Equal(["portico"], blue.Headers.GetValues("X-Gateway"));
    }

    [Fact]
    public async Task RouteFilters_Loaded_DescribeThemselvesWithOrder()
    {
        await using var gateway = await FilterGateway.StartAsync(
            $"""
            - id: described
              uri: {FilterGateway.UpstreamUri}
              filters:
                - StripPrefix=1
                - AddRequestHeader=X-Foo, bar
            """,
            defaultFilters: "- SetStatus=BAD_REQUEST");

        var route = gateway.Services.GetRequiredService<IGatewaySnapshotProvider>().Current.Routes.Find("described")!;
        var described = route.OrderedFilters.Where(f => !f.IsGlobal).Select(f => f.ToString()).ToList();

        Assert.Equal(
            ["[SetStatus status = 'BAD_REQUEST'], order = 1", "[StripPrefix parts = 1], order = 2", "[AddRequestHeader X-Foo = 'bar'], order = 3"],
            described);
    }

    [Fact]
    public async Task InvalidFilterArguments_AtStart_FailWithEveryProblemNamed()
    {
        var yaml = FilterGateway.Yaml($"""
            - id: broken
              uri: {FilterGateway.UpstreamUri}
              filters:
                - StripPrefix=-1
                - SetStatus=NOT_A_STATUS
                - RewritePath=/red/(unclosed, /x
                - RedirectTo=200, https://acme.org
            """);

        var ex = await Assert.ThrowsAsync<PorticoConfigException>(() => TestGateway.StartAsync(yaml, services => services.AddFakeUpstream()));

        Assert.Equal(4, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Equal("broken", e.RouteId));
        Assert.Contains(ex.Errors, e => e.Field == "filters[0] (StripPrefix).args.parts");
        Assert.Contains(ex.Errors, e => e.Field == "filters[1] (SetStatus).args.status" && e.Problem.Contains("NOT_A_STATUS", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field == "filters[2] (RewritePath).args.regexp");
        Assert.Contains(ex.Errors, e => e.Field == "filters[3] (RedirectTo).args.status");
    }

    [Fact]
    public async Task InvalidFilterArguments_OnReload_KeepLastGoodRoutes()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: reload
              uri: {FilterGateway.UpstreamUri}
              filters:
                - StripPrefix=1
            """);

        var status = await gateway.RewriteConfigAsync(FilterGateway.Yaml($"""
            - id: reload
              uri: {FilterGateway.UpstreamUri}
              filters:
                - StripPrefix=many
            """));
        using var response = await gateway.Client.GetAsync("/api/orders");

        Assert.False(status.Succeeded);
        Assert.Contains(status.Errors, e => e.Field == "filters[0] (StripPrefix).args.parts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/orders", (await ForwardedRequest.ReadAsync(response)).Path);
    }
}
