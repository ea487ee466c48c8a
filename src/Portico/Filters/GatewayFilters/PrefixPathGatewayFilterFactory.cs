using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary><c>PrefixPath=/mypath</c>: prepends a path, so <c>/hello</c> is routed as <c>/mypath/hello</c>.</summary>
internal sealed class PrefixPathGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.PrefixPath;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("prefix");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var prefix = args.GetPath("prefix");

        // A trailing slash would double the request path's own leading slash (/mypath//hello).
        var trimmed = prefix.TrimEnd('/');
        return new PrefixPathFilter(prefix, trimmed.Length == 0 || trimmed[0] != '/' ? PathString.Empty : new PathString(trimmed));
    }

    private sealed class PrefixPathFilter(string prefix, PathString path)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.PrefixPath).Quoted("prefix", prefix).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            if (path.HasValue)
            {
                exchange.Request.Path = path.Add(exchange.Request.Path);
            }
        }
    }
}
