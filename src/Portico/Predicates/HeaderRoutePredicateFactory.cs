using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Header=&lt;header&gt;[, &lt;regexp&gt;]</c>: matches when the header (name case-insensitive) is present and,
/// if a regular expression is given, when one of its values matches it as a whole (Spring's
/// <c>HeaderRoutePredicateFactory</c>). Each header line is one value; a comma inside a line is not a separator.
/// </summary>
internal sealed class HeaderRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Header;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("header", "regexp");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var header = args.GetRequiredString("header").Trim();
        var regexp = args.GetFullMatchRegex("regexp", required: false);
        return new HeaderRoutePredicate(header, regexp);
    }

    private sealed class HeaderRoutePredicate(string header, FullMatchRegex? regexp) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            if (!exchange.Request.Headers.TryGetValue(header, out var values) || values.Count == 0)
            {
                return false;
            }

            if (regexp is null)
            {
                return true;
            }

            foreach (var value in values)
            {
                if (regexp.IsMatch(value))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => $"Header: {header} regexp={regexp?.Pattern ?? "null"}";
    }
}
