using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary><c>RemoveRequestHeader=X-Request-Foo</c>: removes a header from the request before it is routed.</summary>
internal sealed class RemoveRequestHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.RemoveRequestHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name");

    public IGatewayFilter Create(ComponentArgs args) => new RemoveRequestHeaderFilter(args.GetHeaderName("name"));

    private sealed class RemoveRequestHeaderFilter(string name)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.RemoveRequestHeader).Quoted("name", name).ToString())
    {
        protected override void Apply(GatewayExchange exchange) => exchange.Request.Headers.Remove(name);
    }
}
