using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary><c>RemoveResponseHeader=X-Response-Foo</c>: removes a header from the upstream's response.</summary>
internal sealed class RemoveResponseHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.RemoveResponseHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name");

    public IGatewayFilter Create(ComponentArgs args) => new RemoveResponseHeaderFilter(args.GetHeaderName("name"));

    private sealed class RemoveResponseHeaderFilter(string name)
        : ResponseFilter(FilterDescription.Of(GatewayFilterNames.RemoveResponseHeader).Quoted("name", name).ToString())
    {
        protected override void Apply(GatewayExchange exchange) => exchange.Response.Headers.Remove(name);
    }
}
