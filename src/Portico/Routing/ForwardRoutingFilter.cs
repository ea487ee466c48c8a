using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portico.Errors;
using Portico.Filters;

namespace Portico.Routing;

/// <summary>
/// Serves <c>forward:/path</c> routes by invoking the gateway's own endpoint for that path (a fallback, a health page, a
/// controller), as Spring's ForwardRoutingFilter does. The request path becomes the forward path; the original URL is
/// kept in <see cref="GatewayExchange.OriginalRequestUrls"/>.
/// </summary>
internal sealed class ForwardRoutingFilter(ForwardEndpoints endpoints) : IGlobalFilter
{
    public int Order => GlobalFilterOrder.ForwardRouting;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var url = exchange.RequestUrl;
        if (url is null || exchange.IsAlreadyRouted || url.Scheme != "forward")
        {
            return chain.FilterAsync(exchange);
        }

        return ForwardAsync(exchange, url, chain);
    }

    public override string ToString() => "[ForwardRouting]";

    private async ValueTask ForwardAsync(GatewayExchange exchange, Uri url, GatewayFilterChain chain)
    {
        exchange.MarkRouted();
        var context = exchange.HttpContext;
        var path = new PathString(url.AbsolutePath);
        exchange.OriginalRequestUrls.Add(new Uri(context.Request.Scheme + "://" + context.Request.Host + context.Request.Path + context.Request.QueryString));
        var values = new RouteValueDictionary();
        var endpoint = endpoints.Find(path, context.Request.Method, values);
        if (endpoint?.RequestDelegate is null)
        {
            throw new GatewayException(StatusCodes.Status404NotFound, $"No local endpoint serves {context.Request.Method} {path} (forward target of route '{exchange.Route.Id}').");
        }

        context.Request.Path = path;
        context.SetEndpoint(endpoint);
        context.Request.RouteValues = values;
        await endpoint.RequestDelegate(context);
        await chain.FilterAsync(exchange);
    }
}
