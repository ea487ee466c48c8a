using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>AddRequestHeader=X-Request-Red, blue</c>: appends a value to a request header, keeping any the client sent.
/// The value may name URI variables (<c>{segment}</c>).
/// </summary>
internal sealed class AddRequestHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.AddRequestHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "value");

    public IGatewayFilter Create(ComponentArgs args) =>
        new AddRequestHeaderFilter(args.GetHeaderName("name"), args.GetHeaderValue("value"));

    private sealed class AddRequestHeaderFilter(string name, ValueTemplate value)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.AddRequestHeader).Quoted(name, value.Text).ToString())
    {
        protected override void Apply(GatewayExchange exchange) =>
            exchange.Request.Headers.Append(name, value.ExpandHeaderValue(exchange, name));
    }
}
