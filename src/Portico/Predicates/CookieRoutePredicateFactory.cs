using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Cookie=&lt;name&gt;, &lt;regexp&gt;</c>: matches when a cookie of that name (case-sensitive) has a value that
/// the regular expression matches as a whole (Spring's <c>CookieRoutePredicateFactory</c>). Every cookie of the name
/// counts, and the <c>Cookie</c> headers are read in place without building a cookie collection.
/// </summary>
internal sealed class CookieRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Cookie;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "regexp");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var name = args.GetRequiredString("name").Trim();
        var regexp = args.GetFullMatchRegex("regexp", required: true);
        return new CookieRoutePredicate(name, regexp);
    }

    private sealed class CookieRoutePredicate(string name, FullMatchRegex? regexp) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            if (regexp is null)
            {
                return false;
            }

            foreach (var header in exchange.Request.Headers.Cookie)
            {
                if (header is not null && AnyValueMatches(header))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => $"Cookie: name={name} regexp={regexp}";

        private bool AnyValueMatches(ReadOnlySpan<char> header)
        {
            while (!header.IsEmpty)
            {
                var semicolon = header.IndexOf(';');
                var pair = (semicolon < 0 ? header : header[..semicolon]).Trim();
                header = semicolon < 0 ? default : header[(semicolon + 1)..];
                var eq = pair.IndexOf('=');
                var cookieName = (eq < 0 ? pair : pair[..eq]).Trim();
                if (!cookieName.SequenceEqual(name))
                {
                    continue;
                }

                var value = eq < 0 ? default : pair[(eq + 1)..].Trim();

                // A quoted value is matched without its quotes, as Netty's lax cookie decoder hands it to Spring.
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                if (regexp!.IsMatch(value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
