using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Errors;

namespace Portico.Filters;

/// <summary>
/// Turns failures of later filters into problem responses: <see cref="GatewayException"/> keeps its status and
/// message; anything else is a 500 whose text is logged, never sent. A client that went away gets nothing.
/// </summary>
internal sealed partial class ErrorHandlingFilter(ILogger<ErrorHandlingFilter> logger) : IGlobalFilter
{
    /// <summary>Status recorded for an exchange the client abandoned (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    public int Order => GlobalFilterOrder.ErrorHandling;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        ValueTask next;
        try
        {
            next = chain.FilterAsync(exchange);
        }
        catch (Exception ex)
        {
            return HandleAsync(exchange, ex);
        }

        return next.IsCompletedSuccessfully ? default : AwaitAsync(next, exchange);
    }

    public override string ToString() => "[ErrorHandling]";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(ValueTask pending, GatewayExchange exchange)
    {
        try
        {
            await pending;
        }
        catch (Exception ex)
        {
            await HandleAsync(exchange, ex);
        }
    }

    private async ValueTask HandleAsync(GatewayExchange exchange, Exception ex)
    {
        var context = exchange.HttpContext;
        var routeId = exchange.Route?.Id;
        if (context.RequestAborted.IsCancellationRequested)
        {
            LogClientAborted(logger, routeId, context.Request.Path.Value);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ClientClosedRequest;
            }

            return;
        }

        int status;
        string detail;
        if (ex is GatewayException gx)
        {
            status = gx.StatusCode;
            detail = gx.Message;
            if (status < StatusCodes.Status500InternalServerError)
            {
                // The client's own error (a bad body, a refused credential): answered in full, so one quiet line.
                LogClientError(logger, status, routeId, detail);
            }
            else
            {
                // An upstream that times out or refuses is an expected condition whose detail already names the
                // upstream and the reason: one line at Warning, the cause's stack at Debug for whoever digs deeper.
                LogGatewayError(logger, status, routeId, detail);
                if (gx.InnerException is { } cause)
                {
                    LogGatewayErrorCause(logger, status, routeId, cause);
                }
            }
        }
        else
        {
            status = StatusCodes.Status500InternalServerError;
            detail = "The gateway failed to process the request; the failure has been logged.";
            LogUnexpected(logger, routeId, ex);
        }

        exchange.UpstreamResponse?.Dispose();
        exchange.UpstreamResponse = null;
        if (!await GatewayProblem.WriteAsync(context, status, detail, routeId))
        {
            // Headers are already on the wire: the only honest signal left is to cut the connection.
            context.Abort();
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Errors + 1, Level = LogLevel.Warning, Message = "Route {RouteId}: {Status} {Detail}")]
    private static partial void LogGatewayError(ILogger logger, int status, string? routeId, string detail);

    [LoggerMessage(EventId = Logging.EventIdRanges.Errors + 5, Level = LogLevel.Debug, Message = "Route {RouteId}: the cause of {Status}")]
    private static partial void LogGatewayErrorCause(ILogger logger, int status, string? routeId, Exception exception);

    [LoggerMessage(EventId = Logging.EventIdRanges.Errors + 4, Level = LogLevel.Debug, Message = "Route {RouteId}: {Status} {Detail}")]
    private static partial void LogClientError(ILogger logger, int status, string? routeId, string detail);

    [LoggerMessage(EventId = Logging.EventIdRanges.Errors + 2, Level = LogLevel.Error, Message = "Route {RouteId}: unexpected failure")]
    private static partial void LogUnexpected(ILogger logger, string? routeId, Exception exception);

    [LoggerMessage(EventId = Logging.EventIdRanges.Errors + 3, Level = LogLevel.Debug, Message = "Route {RouteId}: client closed the request to {Path}")]
    private static partial void LogClientAborted(ILogger logger, string? routeId, string? path);
}
