using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.Errors;
using Portico.Filters;
using Portico.Health;
using Portico.Logging;
using Portico.Routing;

namespace Portico.LoadBalancing;

/// <summary>
/// Resolves <c>lb://service</c> and <c>lb:ws://service</c> request URLs to an instance chosen by the selection steps
/// (Spring's ReactiveLoadBalancerClientFilter, order 10150), then runs the rest of the chain against it. It reports
/// every outcome to passive health (a streamed body's once it has been relayed), retries a request that could not reach its instance on another one when that is
/// safe, and after success names the serving instance (route metadata <c>instance-header</c>) and refreshes the sticky
/// cookie. When no instance is available the client gets 503, or 404 with <c>loadbalancer.use404</c>.
/// </summary>
internal sealed partial class LoadBalancerClientFilter(
    InstanceSelector selector,
    InstanceHealthStore health,
    InstanceLoadTracker load,
    LoadBalancingMetrics metrics,
    TimeProvider time,
    ILogger<LoadBalancerClientFilter> logger) : IGlobalFilter
{
    private static readonly Func<object, Task> DecrementOnCompleted = static state =>
    {
        ((InstanceLoad)state).Decrement();
        return Task.CompletedTask;
    };

    // The requested instance comes from the client (FIXED_INSTANCE, ?instance=, the sticky cookie): one line per service
    // and reason per interval, the rest only counted in the failover metric.
    private readonly LogRateLimiter _failoverLog = new(time);

    public int Order => GlobalFilterOrder.LoadBalancer;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var url = exchange.RequestUrl;
        if (url is null || (url.Scheme != "lb" && exchange.SchemePrefix != "lb"))
        {
            return chain.FilterAsync(exchange);
        }

        return ResolveAsync(exchange, url, chain);
    }

    public override string ToString() => "[LoadBalancerClient]";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ResolveAsync(GatewayExchange exchange, Uri url, GatewayFilterChain chain)
    {
        var serviceId = url.Host;
        var settings = ServiceConfigLookup.For(exchange.Config, serviceId);
        var selection = selector.Select(exchange, serviceId, settings, default);
        Observe(exchange, serviceId, selection, previous: default);
        if (selection.Instance is null)
        {
            throw NoInstance(exchange, serviceId, selection);
        }

        var route = RouteLoadBalancerSettings.For(exchange.Route);
        var maxAttempts = route.RetryAttempts ?? settings.Retry.Attempts;
        var budget = route.RetryTimeout ?? settings.Retry.Timeout;
        var started = time.GetTimestamp();
        ServiceInstance[]? attempted = null;
        exchange.OriginalRequestUrls.Add(url);
        for (var attempt = 1; ; attempt++)
        {
            var instance = selection.Instance!;
            var instanceLoad = load.Get(serviceId, instance);
            exchange.RequestUrl = BuildUrl(exchange, url, instance, instanceLoad.Authority);
            exchange.UpstreamAuthority = instanceLoad.Authority;
            instanceLoad.Increment();
            UpstreamFailureKind failure = default;
            try
            {
                await chain.FilterAsync(exchange);
            }
            catch (Exception ex) when (IsInstanceFailure(exchange, ex, out failure))
            {
                instanceLoad.Decrement();
                var failureText = UpstreamFailure.Describe(failure);
                health.ReportRequest(serviceId, instance, failed: true, failureText, settings.Health.Passive);
                if (!CanRetry(exchange, failure, attempt, maxAttempts, started, budget))
                {
                    LogNotRetried(logger, exchange.Route?.Id, serviceId, instance.InstanceId, failureText, attempt);
                    throw;
                }

                attempted ??= new ServiceInstance[maxAttempts];
                attempted[attempt - 1] = instance;
                var next = selector.Select(exchange, serviceId, settings, attempted.AsSpan(0, attempt));
                if (next.Instance is null)
                {
                    LogNoRetryInstance(logger, exchange.Route?.Id, serviceId, instance.InstanceId, failureText);
                    throw;
                }

                Observe(exchange, serviceId, next, selection);
                LogRetry(logger, exchange.Route?.Id, serviceId, instance.InstanceId, failureText, next.Instance.InstanceId, attempt + 1, maxAttempts);
                metrics.RecordRetry(serviceId);
                exchange.UpstreamResponse?.Dispose();
                exchange.UpstreamResponse = null;
                exchange.ResetRouted();
                selection = next;
                continue;
            }
            catch
            {
                instanceLoad.Decrement();
                throw;
            }

            Complete(exchange, serviceId, settings, route, selection, instance, instanceLoad);
            return;
        }
    }

    private void Complete(
        GatewayExchange exchange,
        string serviceId,
        ServiceConfig settings,
        RouteLoadBalancerSettings route,
        InstanceSelection selection,
        ServiceInstance instance,
        InstanceLoad instanceLoad)
    {
        var response = exchange.Response;
        var status = response.StatusCode;
        var passive = settings.Health.Passive;
        if (status >= 500)
        {
            health.ReportRequest(serviceId, instance, failed: true, UpstreamFailure.DescribeStatus(status), passive);
        }
        else if (exchange.UpstreamResponse is not null && passive.Enabled)
        {
            // The body streams after this filter has returned, and the upstream may still fail while sending it.
            exchange.ResponseBodyObserver = new ResponseBodyHealthReport(health, serviceId, instance, passive);
        }
        else
        {
            health.ReportRequest(serviceId, instance, failed: false, null, passive);
        }

        // The request stays in flight for least-requests until its body has been streamed, which happens after this filter.
        try
        {
            response.OnCompleted(DecrementOnCompleted, instanceLoad);
        }
        catch (InvalidOperationException)
        {
            instanceLoad.Decrement();
        }

        if (response.HasStarted)
        {
            return;
        }

        if (route.InstanceHeader is { } header)
        {
            response.Headers[header] = instanceLoad.Authority;
        }

        if (settings.Affinity.Mode == AffinityMode.Cookie && (selection.RequestedInstance is null || selection.FailoverReason != AffinityFailoverReason.None))
        {
            response.Cookies.Append(AffinityKey.CookieName(serviceId, settings.Affinity), AffinityKey.FormatCookie(instance), new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = exchange.Request.IsHttps,
                IsEssential = true,
            });
        }
    }

    private static bool IsInstanceFailure(GatewayExchange exchange, Exception exception, out UpstreamFailureKind failure)
    {
        // A client that went away says nothing about the instance.
        failure = exchange.HttpContext.RequestAborted.IsCancellationRequested ? UpstreamFailureKind.None : UpstreamFailure.Classify(exception);
        return failure != UpstreamFailureKind.None;
    }

    /// <summary>
    /// Whether sending the request again is safe: attempts and time remain, nothing has reached the client, the
    /// request body has not been read (it cannot be replayed), and the instance cannot have acted on the request,
    /// because the connection never opened, the method is idempotent, or the body it needed never arrived.
    /// </summary>
    private bool CanRetry(GatewayExchange exchange, UpstreamFailureKind failure, int attempt, int maxAttempts, long started, TimeSpan budget)
    {
        if (attempt >= maxAttempts || exchange.Response.HasStarted || BodyStarted(exchange) || time.GetElapsedTime(started) >= budget)
        {
            return false;
        }

        return failure switch
        {
            UpstreamFailureKind.NotConnected => true,
            UpstreamFailureKind.ConnectionLost => IsIdempotent(exchange.Request.Method) || HasBody(exchange.HttpContext),
            _ => false,
        };
    }

    /// <summary>
    /// Whether any of the client's body has been read: the forwarder's flag, or the server's own record, since
    /// Kestrel freezes the body size limit once reading starts (so a forwarder that forgets the flag is still safe).
    /// </summary>
    private static bool BodyStarted(GatewayExchange exchange) =>
        exchange.RequestBodyStarted || exchange.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.IsReadOnly == true;

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0);

    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    private static Uri BuildUrl(GatewayExchange exchange, Uri url, ServiceInstance instance, string authority)
    {
        // With a scheme prefix (lb:ws://) the route's scheme wins; otherwise the instance decides http or https.
        var scheme = exchange.SchemePrefix == "lb"
            ? url.Scheme
            : RouteToRequestUrlFilter.IsWebSocketUpgrade(exchange.Request)
                ? (instance.IsSecure ? "wss" : "ws")
                : (instance.IsSecure ? "https" : "http");
        return RequestPath.CreateUrl(string.Concat(scheme, "://", authority, url.PathAndQuery));
    }

    /// <summary>Logs and counts a failover or panic once per request, not again on each retry's selection.</summary>
    private void Observe(GatewayExchange exchange, string serviceId, in InstanceSelection selection, in InstanceSelection previous)
    {
        if (selection.FailoverReason != AffinityFailoverReason.None && previous.FailoverReason == AffinityFailoverReason.None)
        {
            var reason = LoadBalancingMetrics.ReasonTag(selection.FailoverReason);
            metrics.RecordFailover(serviceId, reason);
            if (logger.IsEnabled(LogLevel.Information) && _failoverLog.TryAcquire(string.Concat(serviceId, " ", reason), out var heldBack))
            {
                LogFailover(logger, exchange.Route?.Id, serviceId, selection.RequestedInstance, reason, selection.Instance?.InstanceId, heldBack);
            }
        }

        if (selection.Panic && !previous.Panic && selection.Instance is not null)
        {
            LogPanic(logger, exchange.Route?.Id, serviceId, selection.Instance.InstanceId);
            metrics.RecordPanic(serviceId);
        }
    }

    private GatewayException NoInstance(GatewayExchange exchange, string serviceId, in InstanceSelection selection)
    {
        LogNoInstance(logger, exchange.Route?.Id, serviceId, selection.RegisteredCount);
        var status = exchange.Config.LoadBalancer.Use404 ? StatusCodes.Status404NotFound : StatusCodes.Status503ServiceUnavailable;
        return new GatewayException(status, $"No available instance for service '{serviceId}'.");
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 1, Level = LogLevel.Debug, Message = "Route {RouteId}: no available instance for service {ServiceId} ({Registered} registered, none UP, healthy and allowed)")]
    private static partial void LogNoInstance(ILogger logger, string? routeId, string serviceId, int registered);

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 2, Level = LogLevel.Information, Message = "Route {RouteId}: service {ServiceId}: requested instance '{Requested}' not used ({Reason}); serving from {InstanceId} ({HeldBack} more not logged since the last such line)")]
    private static partial void LogFailover(ILogger logger, string? routeId, string serviceId, string? requested, string reason, string? instanceId, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 3, Level = LogLevel.Information, Message = "Route {RouteId}: service {ServiceId}: instance {InstanceId} {Failure}; retrying on {NextInstanceId} (attempt {Attempt} of {MaxAttempts})")]
    private static partial void LogRetry(ILogger logger, string? routeId, string serviceId, string instanceId, string failure, string nextInstanceId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 4, Level = LogLevel.Debug, Message = "Route {RouteId}: service {ServiceId}: instance {InstanceId} {Failure}; not retried after attempt {Attempt} (unsafe, or no attempts or time left)")]
    private static partial void LogNotRetried(ILogger logger, string? routeId, string serviceId, string instanceId, string failure, int attempt);

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 5, Level = LogLevel.Debug, Message = "Route {RouteId}: service {ServiceId}: instance {InstanceId} {Failure}; no other instance to retry on")]
    private static partial void LogNoRetryInstance(ILogger logger, string? routeId, string serviceId, string instanceId, string failure);

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 6, Level = LogLevel.Debug, Message = "Route {RouteId}: every instance of service {ServiceId} is unhealthy; panic mode serves from {InstanceId}")]
    private static partial void LogPanic(ILogger logger, string? routeId, string serviceId, string instanceId);
}
