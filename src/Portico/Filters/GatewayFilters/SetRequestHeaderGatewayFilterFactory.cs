using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>SetRequestHeader=X-Request-Red, blue</c>: replaces every value of a request header with one value (adding the
/// header when absent). The value may name URI variables (<c>{segment}</c>).
/// </summary>
internal sealed class SetRequestHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.SetRequestHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "value");

    public IGatewayFilter Create(ComponentArgs args) =>
        new SetRequestHeaderFilter(args.GetHeaderName("name"), args.GetHeaderValue("value"));

    private sealed class SetRequestHeaderFilter(string name, ValueTemplate value)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.SetRequestHeader).Quoted(name, value.Text).ToString())
    {
        protected override void Apply(GatewayExchange exchange) =>
            exchange.Request.Headers[name] = value.ExpandHeaderValue(exchange, name);
    }
}
