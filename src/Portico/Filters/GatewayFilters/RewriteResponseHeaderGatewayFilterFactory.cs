using System.Text.RegularExpressions;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RewriteResponseHeader=X-Response-Red, password=[^&amp;]+, password=***</c>: replaces every match of a .NET
/// regular expression in each value of a response header. <c>$\</c> in the replacement stands for <c>$</c>, as in
/// Spring.
/// </summary>
internal sealed class RewriteResponseHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.RewriteResponseHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "regexp", "replacement");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var name = args.GetHeaderName("name");
        var regex = args.GetRegex("regexp", required: true, RegexOptions.Compiled);
        if (!args.Has("replacement"))
        {
            args.AddError("replacement", "is required.", "Give RewriteResponseHeader a replacement, e.g. RewriteResponseHeader=X-Response-Red, password=[^&]+, password=***.");
        }

        var replacement = Replacements.FromSpring(args.GetString("replacement") ?? string.Empty);
        if (HeaderValues.HasControlCharacter(replacement))
        {
            args.AddError("replacement", "contains a line break or another control character.", "Write the replacement on one line without control characters.");
        }

        return new RewriteResponseHeaderFilter(name, regex ?? Replacements.NeverMatches, replacement);
    }

    private sealed class RewriteResponseHeaderFilter(string name, Regex regex, string replacement)
        : ResponseFilter(FilterDescription.Of(GatewayFilterNames.RewriteResponseHeader)
            .Quoted("name", name).Quoted("regexp", regex.ToString()).Quoted("replacement", replacement).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var headers = exchange.Response.Headers;
            if (!headers.TryGetValue(name, out var values) || values.Count == 0)
            {
                return;
            }

            string?[]? rewritten = null;
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                if (value is null)
                {
                    continue;
                }

                var replaced = regex.Replace(value, replacement);
                if (!ReferenceEquals(replaced, value))
                {
                    rewritten ??= values.ToArray();
                    rewritten[i] = replaced;
                }
            }

            if (rewritten is not null)
            {
                headers[name] = rewritten;
            }
        }
    }
}
