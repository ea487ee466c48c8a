using System.Text;
using Microsoft.AspNetCore.Http;
using Portico.Filters;

namespace Portico.FunctionalTests.Predicates;

/// <summary>
/// A test-only global filter that answers every routed request itself with the matched route id and the URI variables
/// (<c>route=id</c>, then <c>name=value</c> lines sorted by name), so routing can be observed without an upstream.
/// </summary>
internal sealed class RouteEchoFilter : IGlobalFilter
{
    public int Order => GlobalFilterOrder.RouteToRequestUrl - 1;

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var text = new StringBuilder("route=").Append(exchange.Route.Id);
        if (exchange.HasUriVariables)
        {
            foreach (var (name, value) in exchange.UriVariables.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                text.Append('\n').Append(name).Append('=').Append(value);
            }
        }

        exchange.Response.StatusCode = StatusCodes.Status200OK;
        exchange.Response.ContentType = "text/plain; charset=utf-8";
        await exchange.Response.WriteAsync(text.ToString());
    }
}
