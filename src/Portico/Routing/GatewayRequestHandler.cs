using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Errors;
using Portico.Filters;

namespace Portico.Routing;

/// <summary>
/// The gateway's request delegate: takes the snapshot in force, finds the first matching route and runs its filter
/// chain. The only per-request allocation here is the exchange itself.
/// </summary>
internal sealed partial class GatewayRequestHandler(IGatewaySnapshotProvider snapshots, ILogger<GatewayRequestHandler> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = snapshots.Current;
        var exchange = new GatewayExchange(context, snapshot.Config);
        var route = snapshot.Routes.Match(exchange);
        if (route is null)
        {
            LogNoRoute(logger, context.Request.Method, context.Request.Path.Value);
            return GatewayProblem.WriteAsync(context, StatusCodes.Status404NotFound, $"No route matches {context.Request.Method} {context.Request.Path}.", null).AsTask();
        }

        exchange.Route = route;
        context.Features.Set(exchange);
        ApplyBodyLimit(context, route.Http.MaxRequestBodySize);
        return new GatewayFilterChain(route.Chain).FilterAsync(exchange).AsTask();
    }

    /// <summary>
    /// The gateway streams bodies, so the server's default cap (30 MB in Kestrel) is replaced by the route's limit:
    /// <c>httpclient.max-request-body-size</c> or <c>metadata.max-request-body-size</c>, 0 meaning unlimited.
    /// </summary>
    private static void ApplyBodyLimit(HttpContext context, long limit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit > 0 ? limit : null;
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Routing + 1, Level = LogLevel.Debug, Message = "No route matches {Method} {Path}")]
    private static partial void LogNoRoute(ILogger logger, string method, string? path);
}
