using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Portico.Filters;

namespace Portico.Observability;

/// <summary>
/// Times every exchange and records it on <c>spring.cloud.gateway.requests</c> with Spring Cloud Gateway's tags
/// (Spring's GatewayMetricsFilter). Runs first in the chain, so the duration covers every filter and the streamed
/// response body, and the status it sees is final.
/// </summary>
internal sealed class MetricsFilter(GatewayMetrics metrics) : IGlobalFilter
{
    private readonly Histogram<double> _requests = metrics.Requests;

    public int Order => GlobalFilterOrder.Metrics;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (!exchange.Config.Metrics.Enabled || !_requests.Enabled)
        {
            return chain.FilterAsync(exchange);
        }

        ValueTask pending;
        try
        {
            pending = chain.FilterAsync(exchange);
        }
        catch
        {
            Record(exchange, failed: true);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            Record(exchange, failed: false);
            return default;
        }

        return AwaitAsync(pending, exchange);
    }

    public override string ToString() => "[Metrics]";

    /// <summary>
    /// The status the client gets: a failure that escapes the chain before the response started becomes a 500 from
    /// the server, whatever status was set before it.
    /// </summary>
    internal static int EffectiveStatus(HttpResponse response, bool failed) =>
        failed && !response.HasStarted ? StatusCodes.Status500InternalServerError : response.StatusCode;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(ValueTask pending, GatewayExchange exchange)
    {
        var failed = true;
        try
        {
            await pending;
            failed = false;
        }
        finally
        {
            Record(exchange, failed);
        }
    }

    private void Record(GatewayExchange exchange, bool failed)
    {
        var status = EffectiveStatus(exchange.Response, failed);
        var route = exchange.Route;
        var tags = new TagList
        {
            { "routeId", route.Id },
            { "routeUri", route.UriText },
            { "outcome", HttpStatusNames.Outcome(status) },
            { "status", HttpStatusNames.Status(status) },
            { "httpStatusCode", HttpStatusNames.CodeText(status) },
            { "httpMethod", exchange.Request.Method },
        };
        if (exchange.Config.Metrics.PathTagEnabled)
        {
            tags.Add("path", exchange.OriginalPath.Value ?? "/");
        }

        _requests.Record(Stopwatch.GetElapsedTime(exchange.StartTimestamp).TotalSeconds, in tags);
    }
}
