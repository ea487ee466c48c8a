using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>AddResponseHeader=X-Response-Red, Blue[, override]</c>: appends a value to a response header once the upstream
/// has answered. With <c>override=false</c> the value is added only when the upstream sent no (or a blank) value.
/// The value may name URI variables (<c>{segment}</c>).
/// </summary>
internal sealed class AddResponseHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.AddResponseHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("name", "value", "override");

    public IGatewayFilter Create(ComponentArgs args) =>
        new AddResponseHeaderFilter(args.GetHeaderName("name"), args.GetHeaderValue("value"), args.GetBoolean("override", defaultValue: true));

    private sealed class AddResponseHeaderFilter(string name, ValueTemplate value, bool overrideExisting)
        : ResponseFilter(FilterDescription.Of(GatewayFilterNames.AddResponseHeader)
            .Quoted("name", name).Quoted("value", value.Text).Bare("override", overrideExisting).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var headers = exchange.Response.Headers;
            if (overrideExisting || HeaderValues.IsMissingOrBlank(headers[name]))
            {
                headers.Append(name, value.ExpandHeaderValue(exchange, name));
            }
        }
    }
}
