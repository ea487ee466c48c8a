using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
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
        var scheme = target.Scheme;
        if (IsWebSocketUpgrade(request))
        {
            scheme = scheme switch { "http" => "ws", "https" => "wss", _ => scheme };
        }

        var authority = target.IsDefaultPort ? new HostString(target.Host) : new HostString(target.Host, target.Port);
        exchange.RequestUrl = new Uri(UriHelper.BuildAbsolute(scheme, authority, default, request.Path, request.QueryString));
        return chain.FilterAsync(exchange);
    }

    public override string ToString() => "[RouteToRequestUrl]";

    internal static bool IsWebSocketUpgrade(HttpRequest request) =>
        WebSockets.ClientWebSocketAcceptor.GetRequestKind(request.HttpContext) != WebSockets.WebSocketRequestKind.None;
}
