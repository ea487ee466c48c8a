using Microsoft.AspNetCore.Http;
using Portico.Filters;

namespace Portico.FunctionalTests.Infrastructure;

/// <summary>
/// A test global filter that answers every routed request itself with <c>route=&lt;id&gt;</c> and the request URL,
/// just before the request would go upstream. Lets tests observe routing without an upstream.
/// </summary>
public sealed class RouteIdResponder : IGlobalFilter
{
    /// <inheritdoc />
    public int Order => GlobalFilterOrder.LoadBalancer + 1;

    /// <inheritdoc />
    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (exchange.RequestUrl?.Scheme is "forward" or "lb")
        {
            await chain.FilterAsync(exchange);
            return;
        }

        exchange.Response.ContentType = "text/plain";
        await exchange.Response.WriteAsync($"route={exchange.Route.Id} url={exchange.RequestUrl}");
    }
}
