using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Portico.Filters;

namespace Portico.Observability;

/// <summary>
/// Writes one structured line per exchange to the <see cref="CategoryName"/> log category, so access logs can be
/// routed, filtered or silenced apart from the gateway's diagnostics. Costs one flag check when off. The query
/// string is left out because it often carries secrets.
/// </summary>
internal sealed partial class AccessLogFilter : IGlobalFilter, IExchangeObserver
{
    /// <summary>The log category of access-log lines.</summary>
    public const string CategoryName = "Portico.AccessLog";

    private readonly ILogger _logger;

    public AccessLogFilter(ILoggerFactory loggerFactory) => _logger = loggerFactory.CreateLogger(CategoryName);

    public int Order => GlobalFilterOrder.AccessLog;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (!exchange.Config.AccessLog.Enabled || !_logger.IsEnabled(LogLevel.Information))
        {
            return chain.FilterAsync(exchange);
        }

        return ExchangeCompletion.RunAsync(this, exchange, chain);
    }

    public override string ToString() => "[AccessLog]";

    /// <summary>Writes the access-log line of the finished exchange.</summary>
    public void OnCompleted(GatewayExchange exchange, bool failed)
    {
        // Checked again: the level may have changed while the exchange ran, and the arguments cost a little to gather.
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var response = exchange.Response;
        var upstream = exchange.UpstreamAuthority;
        if (upstream is null && exchange.RequestUrl is { IsAbsoluteUri: true } url && url.Authority.Length > 0)
        {
            upstream = url.Authority;
        }

        var status = MetricsFilter.EffectiveStatus(response, failed);
        var durationMs = Stopwatch.GetElapsedTime(exchange.StartTimestamp).TotalMilliseconds;
        LogExchange(_logger, exchange.Request.Method, exchange.OriginalPath.Value ?? "/", status, durationMs, exchange.Route.Id, upstream, response.ContentLength);
    }

    [LoggerMessage(
        EventId = Logging.EventIdRanges.Observability + 1,
        Level = LogLevel.Information,
        SkipEnabledCheck = true,
        Message = "{Method} {Path} {Status} {DurationMs:0.###} ms route={RouteId} upstream={Upstream} bytes={Bytes}")]
    private static partial void LogExchange(ILogger logger, string method, string path, int status, double durationMs, string routeId, string? upstream, long? bytes);
}
