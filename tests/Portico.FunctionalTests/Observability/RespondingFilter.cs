using Microsoft.AspNetCore.Http;
using Portico.Filters;

namespace Portico.FunctionalTests.Observability;

/// <summary>
/// A test-only global filter that answers every request itself, so tests get real statuses without an upstream:
/// <c>?status=404</c> chooses the status, <c>?throw=1</c> fails the exchange. The response names the route that
/// served it in <c>X-Route-Id</c>.
/// </summary>
public sealed class RespondingFilter : IGlobalFilter
{
    public int Order => 0;

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var query = exchange.Request.Query;
        if (query.ContainsKey("throw"))
        {
            await Task.Yield();
            throw new InvalidOperationException("The responding filter was asked to fail.");
        }

        var status = int.TryParse(query["status"], out var s) ? s : StatusCodes.Status200OK;
        var response = exchange.Response;
        response.StatusCode = status;
        response.Headers["X-Route-Id"] = exchange.Route.Id;
        if (status is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
        {
            var body = "answered by " + exchange.Route.Id;
            response.ContentType = "text/plain";
            response.ContentLength = body.Length;
            await response.WriteAsync(body, exchange.HttpContext.RequestAborted);
        }
    }

    public override string ToString() => "[Responding]";
}
