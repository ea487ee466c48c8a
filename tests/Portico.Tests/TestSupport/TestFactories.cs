using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.Tests.TestSupport;

/// <summary>A predicate factory for builder tests: <c>Prefix=/a</c> matches paths starting with the value.</summary>
public sealed class PrefixPredicateFactory : IRoutePredicateFactory
{
    /// <inheritdoc />
    public string Name => "Prefix";

    /// <inheritdoc />
    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("prefix");

    /// <inheritdoc />
    public IRoutePredicate Create(ComponentArgs args) => new Predicate(args.GetRequiredString("prefix"));

    private sealed class Predicate(string prefix) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => exchange.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal);
    }
}

/// <summary>A filter factory for builder tests: <c>Mark=name</c> appends its name to a list attribute in both phases.</summary>
public sealed class MarkFilterFactory : IGatewayFilterFactory
{
    /// <inheritdoc />
    public string Name => "Mark";

    /// <inheritdoc />
    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name");

    /// <inheritdoc />
    public IGatewayFilter Create(ComponentArgs args) => new MarkFilter(args.GetRequiredString("name"));
}

/// <summary>Records "pre:name" and "post:name" in the exchange's <c>marks</c> attribute.</summary>
public class MarkFilter(string name) : IGatewayFilter
{
    /// <summary>The marks recorded on an exchange.</summary>
    public static List<string> Marks(GatewayExchange exchange)
    {
        if (!exchange.Attributes.TryGetValue("marks", out var list))
        {
            list = new List<string>();
            exchange.Attributes["marks"] = list;
        }

        return (List<string>)list!;
    }

    /// <inheritdoc />
    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        Marks(exchange).Add("pre:" + name);
        await chain.FilterAsync(exchange);
        Marks(exchange).Add("post:" + name);
    }

    /// <inheritdoc />
    public override string ToString() => $"[Mark {name}]";
}

/// <summary>A global <see cref="MarkFilter"/> with an order.</summary>
public sealed class MarkGlobalFilter(string name, int order) : MarkFilter(name), IGlobalFilter
{
    /// <inheritdoc />
    public int Order { get; } = order;
}
