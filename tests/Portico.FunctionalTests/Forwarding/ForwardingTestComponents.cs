using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.FunctionalTests.Forwarding;

/// <summary>
/// Test-only route components, so that the forwarder's tests do not depend on the built-in predicates and filters:
/// <c>TestPathPrefix=/a</c>, <c>TestStripPrefix=1</c> and <c>TestPreserveHost</c>.
/// </summary>
internal static class ForwardingTestComponents
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IRoutePredicateFactory, PathPrefixFactory>();
        services.AddSingleton<IGatewayFilterFactory, StripPrefixFactory>();
        services.AddSingleton<IGatewayFilterFactory, PreserveHostFactory>();
    }

    private sealed class PathPrefixFactory : IRoutePredicateFactory
    {
        public string Name => "TestPathPrefix";

        public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("prefix");

        public IRoutePredicate Create(ComponentArgs args) => new Predicate(args.GetRequiredString("prefix"));

        private sealed class Predicate(string prefix) : IRoutePredicate
        {
            public bool Test(GatewayExchange exchange) => exchange.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal);
        }
    }

    private sealed class StripPrefixFactory : IGatewayFilterFactory
    {
        public string Name => "TestStripPrefix";

        public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("parts");

        public IGatewayFilter Create(ComponentArgs args) => new Filter(args.GetInt32("parts", 1, min: 0));

        private sealed class Filter(int parts) : IGatewayFilter
        {
            public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
            {
                var path = exchange.Request.Path.Value ?? "/";
                var index = 0;
                for (var i = 0; i < parts && index >= 0; i++)
                {
                    index = path.IndexOf('/', index + 1);
                }

                exchange.Request.Path = index < 0 ? new PathString("/") : new PathString(path[index..]);
                return chain.FilterAsync(exchange);
            }
        }
    }

    private sealed class PreserveHostFactory : IGatewayFilterFactory
    {
        public string Name => "TestPreserveHost";

        public ShortcutSpec Shortcut => ShortcutSpec.None;

        public IGatewayFilter Create(ComponentArgs args) => new Filter();

        private sealed class Filter : IGatewayFilter
        {
            public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
            {
                exchange.PreserveHostHeader = true;
                return chain.FilterAsync(exchange);
            }
        }
    }
}
