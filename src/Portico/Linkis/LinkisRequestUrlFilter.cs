using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Portico.Filters;

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
            exchange.RequestUrl = new Uri(UriHelper.BuildAbsolute("lb", new HostString(target.Application), default, request.Path, request.QueryString));
        }

        return chain.FilterAsync(exchange);
    }

    public override string ToString() => "[LinkisRequestUrl]";
}
