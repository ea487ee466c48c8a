using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Path=&lt;pattern&gt;[, ...][, &lt;matchTrailingSlash&gt;]</c>: matches the request path against Spring path
/// patterns (Spring's <c>PathRoutePredicateFactory</c>); the first pattern that matches wins and its variables (e.g.
/// <c>{segment}</c>) become URI variables for filters such as <c>SetPath</c>. <c>matchTrailingSlash</c> defaults to
/// false, as in Spring Cloud Gateway 4, so <c>/red/1/</c> does not match <c>/red/{segment}</c>.
/// </summary>
internal sealed class PathRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Path;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherListTailFlag("patterns", "matchTrailingSlash");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var texts = args.GetNonBlankList("patterns", "/orders/**");
        var matchTrailingSlash = args.GetBoolean("matchTrailingSlash", defaultValue: false);
        var patterns = new List<PathPattern>(texts.Count);
        foreach (var text in texts)
        {
            if (PathPattern.Parse(text, matchTrailingSlash, out var error) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else
            {
                args.AddError("patterns", error!, "Write a Spring path pattern such as /orders/**, /orders/{id}, /files/{*path} or /img/*.png.");
            }
        }

        return new PathRoutePredicate([.. patterns], texts, matchTrailingSlash);
    }

    private sealed class PathRoutePredicate(PathPattern[] patterns, IReadOnlyList<string> texts, bool matchTrailingSlash) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var path = exchange.Request.Path.Value ?? "";
            foreach (var pattern in patterns)
            {
                if (pattern.Matches(path))
                {
                    if (pattern.HasVariables)
                    {
                        pattern.ExtractVariables(path, exchange.UriVariables);
                    }

                    return true;
                }
            }

            return false;
        }

        public override string ToString() =>
            $"Paths: {PredicateArgs.FormatList(texts)}, match trailing slash: {(matchTrailingSlash ? "true" : "false")}";
    }
}
