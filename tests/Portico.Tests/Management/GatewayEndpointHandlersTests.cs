using System.Net;
using Portico.Configuration;
using Portico.Filters;
using Portico.Management;
using Portico.Predicates;
using Portico.Routing;

namespace Portico.Tests.Management;

public class GatewayEndpointHandlersTests
{
    [Fact]
    public void DescribePredicates_SeveralPredicates_JoinsThemAsSpringDoes()
    {
        var route = CreateRoute(
            predicates: [new DescribedPredicate("Paths: [/a/**], match trailing slash: true"), new SilentPredicate(), new DescribedPredicate("Host: [a.test]")],
            predicateConfigs: [ComponentConfig.Parse("Path=/a/**"), ComponentConfig.Parse("Method=GET,POST"), ComponentConfig.Parse("Host=a.test")]);

        var text = GatewayEndpointHandlers.DescribePredicates(route);

        // A predicate that does not describe itself is shown as configured.
        Assert.Equal("((Paths: [/a/**], match trailing slash: true && Method=GET,POST) && Host: [a.test])", text);
    }

    [Fact]
    public void DescribePredicates_NoPredicates_IsTrue() =>
        Assert.Equal("true", GatewayEndpointHandlers.DescribePredicates(CreateRoute()));

    [Fact]
    public void DescribeFilters_DefaultAndRouteFilters_PrintsThemWithOrdersWithoutGlobals()
    {
        var config = new PorticoConfig { DefaultFilters = [ComponentConfig.Parse("AddResponseHeader=X-Gateway, portico")] };
        var route = CreateRoute(
            filters:
            [
                new OrderedFilter(new SilentFilter(), GlobalFilterOrder.ErrorHandling, IsGlobal: true),
                new OrderedFilter(new SilentFilter(), 1, IsGlobal: false),
                new OrderedFilter(new DescribedFilter("[StripPrefix parts = 1]"), 2, IsGlobal: false),
            ],
            filterConfigs: [ComponentConfig.Parse("StripPrefix=1")]);

        var filters = GatewayEndpointHandlers.DescribeFilters(route, config);

        Assert.Equal(["[[AddResponseHeader=X-Gateway,portico], order = 1]", "[[StripPrefix parts = 1], order = 2]"], filters);
    }

    private static Route CreateRoute(
        IRoutePredicate[]? predicates = null,
        ComponentConfig[]? predicateConfigs = null,
        OrderedFilter[]? filters = null,
        ComponentConfig[]? filterConfigs = null) =>
        new(
            new RouteConfig { Id = "r", Uri = "http://a.test", Predicates = predicateConfigs ?? [], Filters = filterConfigs ?? [] },
            new Uri("http://a.test"),
            null,
            predicates ?? [],
            filters ?? [],
            new RouteHttpSettings(TimeSpan.FromSeconds(1), null, HttpVersion.Version11, 0));

    private sealed class DescribedPredicate(string text) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => true;

        public override string ToString() => text;
    }

    private sealed class SilentPredicate : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => true;
    }

    private sealed class DescribedFilter(string text) : IGatewayFilter
    {
        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain) => chain.FilterAsync(exchange);

        public override string ToString() => text;
    }

    private sealed class SilentFilter : IGatewayFilter
    {
        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain) => chain.FilterAsync(exchange);
    }
}
