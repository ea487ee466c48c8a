using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RemoveRequestParameter=red</c>: removes every occurrence of a query parameter (matched after decoding, so
/// <c>r%65d</c> is <c>red</c> too). The other parameters keep their order and encoding.
/// </summary>
internal sealed class RemoveRequestParameterGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.RemoveRequestParameter;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name");

    public IGatewayFilter Create(ComponentArgs args) => new RemoveRequestParameterFilter(args.GetRequiredString("name"));

    internal static string? Remove(string query, string name)
    {
        // query starts with '?'; returns null when no parameter matched, so the common case allocates nothing.
        var span = query.AsSpan(1);
        System.Text.StringBuilder? kept = null;
        var position = 0;
        var keptUpTo = 0;
        while (position <= span.Length)
        {
            var end = span[position..].IndexOf('&');
            end = end < 0 ? span.Length : position + end;
            var pair = span[position..end];
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            if (KeyEquals(key, name))
            {
                kept ??= new System.Text.StringBuilder(query.Length);
                AppendRange(kept, span[keptUpTo..position]);
                keptUpTo = end + 1;
            }

            position = end + 1;
        }

        if (kept is null)
        {
            return null;
        }

        if (keptUpTo < span.Length)
        {
            AppendRange(kept, span[keptUpTo..]);
        }

        return kept.Length == 0 ? string.Empty : "?" + kept.ToString();
    }

    private static void AppendRange(System.Text.StringBuilder builder, ReadOnlySpan<char> pairs)
    {
        pairs = pairs.TrimEnd('&');
        if (pairs.IsEmpty)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        builder.Append(pairs);
    }

    private static bool KeyEquals(ReadOnlySpan<char> rawKey, string name) =>
        rawKey.IndexOfAny('%', '+') < 0
            ? rawKey.SequenceEqual(name)
            : string.Equals(WebUtility.UrlDecode(rawKey.ToString()), name, StringComparison.Ordinal);

    private sealed class RemoveRequestParameterFilter(string name)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.RemoveRequestParameter).Quoted("name", name).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var query = exchange.Request.QueryString.Value;
            if (string.IsNullOrEmpty(query) || query.Length < 2)
            {
                return;
            }

            var rewritten = Remove(query, name);
            if (rewritten is not null)
            {
                exchange.Request.QueryString = rewritten.Length == 0 ? QueryString.Empty : new QueryString(rewritten);
            }
        }
    }
}
