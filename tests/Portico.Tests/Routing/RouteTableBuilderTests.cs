using Portico.Configuration;
using Portico.Filters;
using Portico.Routing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Routing;

public class RouteTableBuilderTests
{
    private static RouteTableBuilder Builder(params IGlobalFilter[] globals) =>
        new([new PrefixPredicateFactory()], [new MarkFilterFactory()], globals);

    [Fact]
    public void Build_ValidConfig_OrdersRoutesByOrderThenWrittenOrder()
    {
        var (table, errors) = Builder().Build(ConfigText.Read("""
            portico:
              routes:
                - { id: late, uri: "http://127.0.0.1:1", order: 5 }
                - { id: first, uri: "http://127.0.0.1:2", order: -1 }
                - { id: second, uri: "http://127.0.0.1:3", order: 5 }
            """));
        Assert.Empty(errors);
        Assert.Equal(["first", "late", "second"], table!.Routes.Select(r => r.Id));
    }

    [Fact]
    public void Build_ManyProblems_CollectsThemAll()
    {
        var (table, errors) = Builder().Build(ConfigText.Read("""
            portico:
              routes:
                - id: a
                  uri: ftp://example
                  predicates: [ "Prefx=/a" ]
                  filters: [ "Mark" ]
                - id: a
                  uri: http://127.0.0.1:1
                - uri: http://127.0.0.1:2
                - id: c
                  uri: lb:foo://svc
                  metadata: { response-timeout: soon, http-version: "3" }
            """));
        Assert.Null(table);
        Assert.Contains(errors, e => e.RouteId == "a" && e.Field == "uri" && e.Problem.Contains("ftp://example", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.RouteId == "a" && e.Problem.Contains("unknown predicate 'Prefx'", StringComparison.Ordinal) && e.Fix.Contains("Did you mean 'Prefix'?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.RouteId == "a" && e.Field.Contains("(Mark).args.name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.RouteId == "a" && e.Problem.Contains("more than one route", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.RouteId == "routes[2]" && e.Field == "id");
        Assert.Contains(errors, e => e.RouteId == "c" && e.Field == "uri");
        Assert.Contains(errors, e => e.RouteId == "c" && e.Field == "metadata.response-timeout");
        Assert.Contains(errors, e => e.RouteId == "c" && e.Field == "metadata.http-version");
        Assert.Equal(8, errors.Count);
    }

    [Theory]
    [InlineData("lb://orders", "lb", null)]
    [InlineData("lb:ws://chat", "ws", "lb")]
    [InlineData("ws://127.0.0.1:9", "ws", null)]
    [InlineData("forward:/fallback", "forward", null)]
    public void Build_UriSchemes_AreSplitAsSpringDoes(string uri, string scheme, string? prefix)
    {
        var (table, errors) = Builder().Build(ConfigText.Read($"portico:\n  routes:\n    - id: r\n      uri: \"{uri}\"\n"));
        Assert.Empty(errors);
        var route = table!.Routes[0];
        Assert.Equal(scheme, route.Uri.Scheme);
        Assert.Equal(prefix, route.SchemePrefix);
        Assert.Equal(uri, route.UriText);
    }

    [Fact]
    public void Build_Chain_MergesGlobalDefaultAndRouteFiltersByOrder()
    {
        var (table, errors) = Builder(new MarkGlobalFilter("g-early", -5), new MarkGlobalFilter("g-late", 100), new MarkGlobalFilter("g-tie", 1)).Build(ConfigText.Read("""
            portico:
              default-filters: [ "Mark=default" ]
              routes:
                - id: r
                  uri: http://127.0.0.1:1
                  filters: [ "Mark=route" ]
            """));
        Assert.Empty(errors);
        var chain = table!.Routes[0].OrderedFilters;
        Assert.Equal(["[Mark g-early], order = -5", "[Mark g-tie], order = 1", "[Mark default], order = 1", "[Mark route], order = 2", "[Mark g-late], order = 100"],
            chain.Select(f => f.ToString()));
    }

    [Fact]
    public async Task Chain_RunsPrePhasesInOrderAndPostPhasesInReverse()
    {
        var (table, _) = Builder(new MarkGlobalFilter("g", -1)).Build(ConfigText.Read("""
            portico:
              routes:
                - id: r
                  uri: http://127.0.0.1:1
                  filters: [ "Mark=a", "Mark=b" ]
            """));
        var exchange = TestExchange.Create();
        exchange.Route = table!.Routes[0];
        await new GatewayFilterChain(exchange.Route.Chain).FilterAsync(exchange);
        Assert.Equal(["pre:g", "pre:a", "pre:b", "post:b", "post:a", "post:g"], MarkFilter.Marks(exchange));
    }

    [Fact]
    public void Match_FirstMatchingRouteWins()
    {
        var (table, _) = Builder().Build(ConfigText.Read("""
            portico:
              routes:
                - { id: a, uri: "http://127.0.0.1:1", predicates: [ "Prefix=/a" ] }
                - { id: any, uri: "http://127.0.0.1:2" }
            """));
        Assert.Equal("a", table!.Match(TestExchange.Create(pathAndQuery: "/a/x"))!.Id);
        Assert.Equal("any", table.Match(TestExchange.Create(pathAndQuery: "/b"))!.Id);
    }

    [Fact]
    public void Build_RouteMetadata_OverridesHttpDefaults()
    {
        var (table, _) = Builder().Build(ConfigText.Read("""
            portico:
              httpclient: { connect-timeout: 1s, response-timeout: 9s }
              routes:
                - { id: a, uri: "http://127.0.0.1:1", metadata: { connect-timeout: 250, response-timeout: 2s, http-version: "2" } }
                - { id: b, uri: "http://127.0.0.1:1", metadata: { response-timeout: -1 } }
                - { id: c, uri: "http://127.0.0.1:1" }
            """));
        var a = table!.Find("a")!.Http;
        Assert.Equal(TimeSpan.FromMilliseconds(250), a.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), a.ResponseTimeout);
        Assert.Equal(new Version(2, 0), a.Version);
        Assert.Null(table.Find("b")!.Http.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), table.Find("c")!.Http.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), table.Find("c")!.Http.ConnectTimeout);
    }
    [Fact]
    public void Build_NoTimeoutConfigured_RoutesGetTheFiniteDefault()
    {
        var (table, errors) = Builder().Build(ConfigText.Read(@"
portico:
  routes:
    - { id: a, uri: ""http://127.0.0.1:1"" }
"));
        Assert.Empty(errors);
        Assert.Equal(HttpClientConfig.DefaultResponseTimeout, table!.Find("a")!.Http.ResponseTimeout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("infinite")]
    public void Build_RouteAsksForNoTimeout_HasNone(string value)
    {
        var (table, errors) = Builder().Build(ConfigText.Read($"portico:\n  routes:\n    - {{ id: a, uri: \"http://127.0.0.1:1\", metadata: {{ response-timeout: {value} }} }}\n"));
        Assert.Empty(errors);
        Assert.Null(table!.Find("a")!.Http.ResponseTimeout);
    }

    [Fact]
    public void Build_RouteTimeoutNotADuration_IsAnError()
    {
        var (_, errors) = Builder().Build(ConfigText.Read(@"
portico:
  routes:
    - { id: a, uri: ""http://127.0.0.1:1"", metadata: { response-timeout: forever } }
"));
        var error = Assert.Single(errors);
        Assert.Equal("metadata.response-timeout", error.Field);
    }
}
