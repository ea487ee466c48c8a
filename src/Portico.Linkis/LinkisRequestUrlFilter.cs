using Microsoft.AspNetCore.Http;
using Portico.Filters;
using Portico.Routing;

namespace Portico.Linkis;

/// <summary>
/// Points the request URL of a routed Linkis request at its application: <c>lb://&lt;application&gt;</c> plus the path
/// and query, which Linkis never strips. Runs right after RouteToRequestUrl, which built the URL from the route's
/// placeholder target (Linkis replaces the route's URI; Portico replaces the URL built from it).
/// </summary>
internal sealed class LinkisRequestUrlFilter : IGlobalFilter
{
    public int Order => LinkisFilterOrder.RequestUrl;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (exchange.HttpContext.Features.Get<LinkisRequestContext>() is { RoutedTarget: { } target })
        {
            var request = exchange.Request;
            exchange.RequestUrl = RequestPath.CreateUrl(string.Concat("lb://" + new HostString(target.Application).ToUriComponent(), RequestPath.Encoded(exchange), request.QueryString.ToUriComponent()));
        }

        return chain.FilterAsync(exchange);
    }

    public override string ToString() => "[LinkisRequestUrl]";
}
