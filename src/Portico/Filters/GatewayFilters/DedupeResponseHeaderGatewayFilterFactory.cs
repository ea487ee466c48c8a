using Microsoft.Extensions.Primitives;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>DedupeResponseHeader=Access-Control-Allow-Credentials Access-Control-Allow-Origin[, RETAIN_FIRST]</c>: when
/// both the gateway and the upstream set a response header, keeps one value: the first (<c>RETAIN_FIRST</c>, the
/// default), the last (<c>RETAIN_LAST</c>) or each distinct value in order of first appearance (<c>RETAIN_UNIQUE</c>).
/// Names are separated by spaces.
/// </summary>
internal sealed class DedupeResponseHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.DedupeResponseHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "strategy");

    internal enum Strategy
    {
        RetainFirst,
        RetainLast,
        RetainUnique,
    }

    public IGatewayFilter Create(ComponentArgs args)
    {
        var text = args.GetRequiredString("name");
        var names = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (!HeaderValues.IsToken(name))
            {
                args.AddError("name", $"'{name}' is not a valid header name.", "List header names separated by spaces, e.g. 'Access-Control-Allow-Origin Vary'.");
            }
        }

        var strategyText = args.GetString("strategy");
        var strategy = Strategy.RetainFirst;
        switch (strategyText is null ? "retainfirst" : ComponentArgs.Normalize(strategyText.Trim()))
        {
            case "retainfirst":
                break;
            case "retainlast":
                strategy = Strategy.RetainLast;
                break;
            case "retainunique":
                strategy = Strategy.RetainUnique;
                break;
            default:
                args.AddError("strategy", $"'{strategyText}' is not a strategy.", "Write RETAIN_FIRST (the default), RETAIN_LAST or RETAIN_UNIQUE.");
                break;
        }

        return new DedupeResponseHeaderFilter(names, strategy, text.Trim());
    }

    /// <summary>The values of one header after deduplication; returns <paramref name="values"/> itself when unchanged.</summary>
    internal static StringValues Dedupe(StringValues values, Strategy strategy)
    {
        if (values.Count <= 1)
        {
            return values;
        }

        switch (strategy)
        {
            case Strategy.RetainFirst:
                return values[0];
            case Strategy.RetainLast:
                return values[values.Count - 1];
            default:
                // Header value lists are short; a quadratic scan beats building a set.
                var distinct = 0;
                string?[]? kept = null;
                for (var i = 0; i < values.Count; i++)
                {
                    if (IndexOf(values, values[i], i) >= 0)
                    {
                        if (kept is null)
                        {
                            kept = new string?[values.Count - 1];
                            for (var j = 0; j < i; j++)
                            {
                                kept[j] = values[j];
                            }

                            distinct = i;
                        }

                        continue;
                    }

                    if (kept is not null)
                    {
                        kept[distinct] = values[i];
                    }

                    distinct++;
                }

                return kept is null ? values : new StringValues(kept.AsSpan(0, distinct).ToArray());
        }
    }

    private static int IndexOf(StringValues values, string? value, int before)
    {
        for (var i = 0; i < before; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class DedupeResponseHeaderFilter(string[] names, Strategy strategy, string text)
        : ResponseFilter(FilterDescription.Of(GatewayFilterNames.DedupeResponseHeader).Bare(text, StrategyName(strategy)).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var headers = exchange.Response.Headers;
            foreach (var name in names)
            {
                if (headers.TryGetValue(name, out var values) && values.Count > 1)
                {
                    headers[name] = Dedupe(values, strategy);
                }
            }
        }

        private static string StrategyName(Strategy strategy) => strategy switch
        {
            Strategy.RetainLast => "RETAIN_LAST",
            Strategy.RetainUnique => "RETAIN_UNIQUE",
            _ => "RETAIN_FIRST",
        };
    }
}
