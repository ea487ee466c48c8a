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
internal sealed class MetricsFilter(GatewayMetrics metrics) : IGlobalFilter, IExchangeObserver
{
    private readonly Histogram<double> _requests = metrics.Requests;

    public int Order => GlobalFilterOrder.Metrics;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (!exchange.Config.Metrics.Enabled || !_requests.Enabled)
        {
            return chain.FilterAsync(exchange);
        }

        return ExchangeCompletion.RunAsync(this, exchange, chain);
    }

    public override string ToString() => "[Metrics]";

    /// <summary>
    /// The status the client gets: a failure that escapes the chain before the response started becomes a 500 from
    /// the server, whatever status was set before it.
    /// </summary>
    internal static int EffectiveStatus(HttpResponse response, bool failed) =>
        failed && !response.HasStarted ? StatusCodes.Status500InternalServerError : response.StatusCode;

    /// <summary>Records the duration of the finished exchange with its tags.</summary>
    public void OnCompleted(GatewayExchange exchange, bool failed)
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
