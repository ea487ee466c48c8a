using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>SetResponseHeader=X-Response-Red, Blue</c>: replaces every value of a response header (adding it when absent)
/// once the upstream has answered. The value may name URI variables (<c>{segment}</c>).
/// </summary>
internal sealed class SetResponseHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.SetResponseHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "value");

    public IGatewayFilter Create(ComponentArgs args) =>
        new SetResponseHeaderFilter(args.GetHeaderName("name"), args.GetHeaderValue("value"));

    private sealed class SetResponseHeaderFilter(string name, ValueTemplate value)
        : ResponseFilter(FilterDescription.Of(GatewayFilterNames.SetResponseHeader).Quoted(name, value.Text).ToString())
    {
        protected override void Apply(GatewayExchange exchange) =>
            exchange.Response.Headers[name] = value.ExpandHeaderValue(exchange, name);
    }
}
