using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Query=&lt;param&gt;[, &lt;regexp&gt;]</c>: matches when the query parameter (name case-sensitive) is present
/// and, if a regular expression is given, when one of its decoded values matches it as a whole (Spring's
/// <c>QueryRoutePredicateFactory</c>). A parameter written without <c>=</c> is present but has no value to match. The
/// query string is scanned in place; only percent-encoded names or values are decoded.
/// </summary>
internal sealed class QueryRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Query;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("param", "regexp");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var param = args.GetRequiredString("param").Trim();
        var regexp = args.GetFullMatchRegex("regexp", required: false);
        return new QueryRoutePredicate(param, regexp);
    }

    private sealed class QueryRoutePredicate(string param, FullMatchRegex? regexp) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var query = exchange.Request.QueryString.Value.AsSpan();
            if (!query.IsEmpty && query[0] == '?')
            {
                query = query[1..];
            }

            while (!query.IsEmpty)
            {
                var amp = query.IndexOf('&');
                var pair = amp < 0 ? query : query[..amp];
                query = amp < 0 ? default : query[(amp + 1)..];
                var eq = pair.IndexOf('=');
                var name = eq < 0 ? pair : pair[..eq];
                if (name.IsEmpty || !NameEquals(name))
                {
                    continue;
                }

                if (regexp is null)
                {
                    return true;
                }

                if (eq >= 0 && ValueMatches(pair[(eq + 1)..]))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => $"Query: param={param} regexp={regexp?.Pattern ?? "null"}";

        private static bool NeedsDecoding(ReadOnlySpan<char> text) => text.ContainsAny('%', '+');

        private static string Decode(ReadOnlySpan<char> text) =>
            Uri.UnescapeDataString(text.ToString().Replace('+', ' '));

        private bool NameEquals(ReadOnlySpan<char> name) =>
            NeedsDecoding(name) ? Decode(name) == param : name.SequenceEqual(param);

        private bool ValueMatches(ReadOnlySpan<char> value) =>
            NeedsDecoding(value) ? regexp!.IsMatch(Decode(value)) : regexp!.IsMatch(value);
    }
}
