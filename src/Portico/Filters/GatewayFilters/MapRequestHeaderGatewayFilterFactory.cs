using Microsoft.Extensions.Primitives;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>MapRequestHeader=Blue, X-Request-Red</c>: copies the values of request header <c>fromHeader</c> into
/// <c>toHeader</c>, after any values <c>toHeader</c> already has. Nothing happens when <c>fromHeader</c> is absent.
/// </summary>
internal sealed class MapRequestHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.MapRequestHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("fromHeader", "toHeader");

    public IGatewayFilter Create(ComponentArgs args) =>
        new MapRequestHeaderFilter(args.GetHeaderName("fromHeader"), args.GetHeaderName("toHeader"));

    private sealed class MapRequestHeaderFilter(string from, string to)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.MapRequestHeader).Quoted("fromHeader", from).Quoted("toHeader", to).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var headers = exchange.Request.Headers;
            if (headers.TryGetValue(from, out var values) && !StringValues.IsNullOrEmpty(values))
            {
                headers[to] = StringValues.Concat(headers[to], values);
            }
        }
    }
}
