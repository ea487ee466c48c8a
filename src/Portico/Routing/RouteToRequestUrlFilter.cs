using Microsoft.AspNetCore.Http;
using Portico.Filters;

namespace Portico.Routing;

/// <summary>
/// Builds the request URL from the route URI's scheme and authority and the request's current path and query, as
/// Spring's RouteToRequestUrlFilter does (the route URI's own path is not used). A WebSocket upgrade on an
/// <c>http(s)</c> route becomes <c>ws(s)</c>.
/// </summary>
internal sealed class RouteToRequestUrlFilter : IGlobalFilter
{
    public int Order => GlobalFilterOrder.RouteToRequestUrl;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var route = exchange.Route;
        var target = route.Uri;
        exchange.SchemePrefix = route.SchemePrefix;
        if (target.Scheme == "forward")
        {
            exchange.RequestUrl = target;
            return chain.FilterAsync(exchange);
        }

        var request = exchange.Request;
        var origin = route.RequestUrlOrigin!;
        if (target.Scheme is "http" or "https" && IsWebSocketUpgrade(request))
        {
            origin = Route.Origin(target.Scheme == "http" ? "ws" : "wss", target);
        }

        // The origin is the route's, computed once; the path is the normalised one (as the client encoded it unless a
        // filter changed it) and the query is kept as received. The URL is taken as written: parsing it again would
        // decode the path a second time.
        exchange.RequestUrl = RequestPath.CreateUrl(string.Concat(origin, RequestPath.Encoded(exchange), request.QueryString.ToUriComponent()));
        return chain.FilterAsync(exchange);
    }

    public override string ToString() => "[RouteToRequestUrl]";

    internal static bool IsWebSocketUpgrade(HttpRequest request) =>
        WebSockets.ClientWebSocketAcceptor.GetRequestKind(request.HttpContext) != WebSockets.WebSocketRequestKind.None;
}
