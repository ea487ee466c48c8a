using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RewritePath=/red/?(?&lt;segment&gt;.*), /$\{segment}</c>: replaces every match of a .NET regular expression in
/// the request path. As in Spring, <c>$\</c> in the replacement stands for <c>$</c> (so YAML property placeholders are
/// not triggered); groups are referenced as <c>$1</c> or <c>${name}</c>.
/// </summary>
internal sealed class RewritePathGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.RewritePath;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("regexp", "replacement");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var regex = args.GetRegex("regexp", required: true, RegexOptions.Compiled);
        var replacement = Replacements.FromSpring(args.GetString("replacement") ?? string.Empty);
        if (!args.Has("replacement"))
        {
            args.AddError("replacement", "is required.", "Give RewritePath a replacement, e.g. RewritePath=/red/?(?<segment>.*), /$\\{segment}.");
        }

        return new RewritePathFilter(regex ?? Replacements.NeverMatches, replacement);
    }

    private sealed class RewritePathFilter(Regex regex, string replacement)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.RewritePath).Quoted(regex.ToString(), replacement).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var path = exchange.Request.Path.Value ?? string.Empty;
            var rewritten = regex.Replace(path, replacement);
            if (ReferenceEquals(rewritten, path))
            {
                return;
            }

            // A rewrite that drops the leading slash still names a path from the root.
            exchange.Request.Path = rewritten.Length > 0 && rewritten[0] == '/' ? new PathString(rewritten) : new PathString("/" + rewritten);
        }
    }
}

/// <summary>Shared pieces of the regular-expression filters.</summary>
internal static class Replacements
{
    /// <summary>Stands in for a pattern that failed validation; the configuration is rejected anyway.</summary>
    public static readonly Regex NeverMatches = new("(?!)", RegexOptions.None, Configuration.RegexDefaults.MatchTimeout);

    /// <summary>Turns Spring's <c>$\{name}</c> escape into .NET's <c>${name}</c>.</summary>
    public static string FromSpring(string replacement) => replacement.Replace("$\\", "$", StringComparison.Ordinal);
}
