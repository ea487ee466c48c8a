using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.FunctionalTests.Management;

/// <summary>A test route filter factory <c>TestHeader=name, value</c> whose filters describe themselves as Spring's do.</summary>
public sealed class TestHeaderFilterFactory : IGatewayFilterFactory
{
    public string Name => "TestHeader";

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "value");

    public IGatewayFilter Create(ComponentArgs args) => new Filter(args.GetRequiredString("name"), args.GetRequiredString("value"));

    private sealed class Filter(string name, string value) : IGatewayFilter
    {
        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            exchange.Request.Headers[name] = value;
            return chain.FilterAsync(exchange);
        }

        public override string ToString() => $"[TestHeader {name} = '{value}']";
    }
}

/// <summary>A test predicate factory <c>Always=values...</c> that matches everything and describes itself.</summary>
public sealed class AlwaysPredicateFactory : IRoutePredicateFactory
{
    public string Name => "Always";

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherList("values");

    public IRoutePredicate Create(ComponentArgs args) => new Predicate(args.GetList("values", required: false));

    private sealed class Predicate(IReadOnlyList<string> values) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => true;

        public override string ToString() => $"Always: [{string.Join(", ", values)}]";
    }
}

/// <summary>A test predicate factory <c>Anything=value</c> whose predicates do not describe themselves.</summary>
public sealed class AnythingPredicateFactory : IRoutePredicateFactory
{
    public string Name => "Anything";

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("value");

    public IRoutePredicate Create(ComponentArgs args) => new Predicate();

    private sealed class Predicate : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => true;
    }
}
