using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>StripPrefix=2</c>: removes the first <c>parts</c> segments of the path, so <c>/name/blue/red</c> is routed as
/// <c>/red</c>. As in Spring, empty segments are not counted and a trailing slash is kept.
/// </summary>
internal sealed class StripPrefixGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.StripPrefix;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("parts");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var parts = args.GetInt32("parts", defaultValue: 1, min: 0);
        return new StripPrefixFilter(parts);
    }

    /// <summary>The path without its first <paramref name="parts"/> non-empty segments.</summary>
    internal static string Strip(string path, int parts)
    {
        // Skip the first `parts` non-empty segments; `start` ends on the '/' before the first kept segment.
        var start = 0;
        var skipped = 0;
        var i = 0;
        while (skipped < parts && i < path.Length)
        {
            while (i < path.Length && path[i] == '/')
            {
                i++;
            }

            if (i == path.Length)
            {
                break;
            }

            while (i < path.Length && path[i] != '/')
            {
                i++;
            }

            skipped++;
            start = i;
        }

        var rest = path.AsSpan(start);
        var segments = rest.TrimStart('/');
        if (segments.IsEmpty)
        {
            return "/";
        }

        // Fast path: the remainder is already "/seg/seg[/]" with no empty segments, so it is a substring.
        if (rest.Length == segments.Length + 1 && !segments.Contains("//", StringComparison.Ordinal))
        {
            return start == 0 ? path : path[start..];
        }

        return Normalize(segments, path[^1] == '/');
    }

    private static string Normalize(ReadOnlySpan<char> segments, bool trailingSlash)
    {
        var builder = new System.Text.StringBuilder(segments.Length + 2);
        foreach (var range in segments.Split('/'))
        {
            var segment = segments[range];
            if (!segment.IsEmpty)
            {
                builder.Append('/').Append(segment);
            }
        }

        if (trailingSlash)
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    private sealed class StripPrefixFilter(int parts)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.StripPrefix).Bare("parts", parts).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            if (parts == 0)
            {
                return;
            }

            var path = exchange.Request.Path.Value ?? "/";
            var stripped = Strip(path, parts);
            if (!ReferenceEquals(stripped, path))
            {
                exchange.Request.Path = new PathString(stripped);
            }
        }
    }
}
