using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Errors;
using Portico.Filters;

namespace Portico.Routing;

/// <summary>
/// The gateway's request delegate: takes the snapshot in force, finds the first matching route and runs its filter
/// chain; a request that matches no route goes to the <see cref="INoRouteResponder"/>s, then gets a 404 problem. The
/// only per-request allocation here is the exchange itself.
/// </summary>
internal sealed partial class GatewayRequestHandler
{
    private readonly IGatewaySnapshotProvider _snapshots;
    private readonly ILogger<GatewayRequestHandler> _logger;
    private readonly INoRouteResponder[] _noRouteResponders;

    public GatewayRequestHandler(IGatewaySnapshotProvider snapshots, ILogger<GatewayRequestHandler> logger, IEnumerable<INoRouteResponder>? noRouteResponders = null)
    {
        _snapshots = snapshots;
        _logger = logger;
        _noRouteResponders = noRouteResponders is null ? [] : [.. noRouteResponders];
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _snapshots.Current;
        var exchange = new GatewayExchange(context, snapshot.Config);
        var route = snapshot.Routes.Match(exchange);
        if (route is null)
        {
            LogNoRoute(_logger, context.Request.Method, context.Request.Path.Value);
            return RespondNoRouteAsync(exchange);
        }

        exchange.Route = route;
        context.Features.Set(exchange);
        ApplyBodyLimit(context, route.Http.MaxRequestBodySize);
        return new GatewayFilterChain(route.Chain).FilterAsync(exchange).AsTask();
    }

    private async Task RespondNoRouteAsync(GatewayExchange exchange)
    {
        foreach (var responder in _noRouteResponders)
        {
            if (await responder.TryRespondAsync(exchange))
            {
                return;
            }
        }

        var request = exchange.Request;
        await GatewayProblem.WriteAsync(exchange.HttpContext, StatusCodes.Status404NotFound, $"No route matches {request.Method} {request.Path}.", null);
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
