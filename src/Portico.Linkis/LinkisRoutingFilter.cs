using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Portico.Discovery;
using Portico.Errors;
using Portico.Filters;
using Portico.Labels;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;

namespace Portico.Linkis;

/// <summary>
/// Parses and routes requests on the Linkis routes (Linkis's <c>GatewayAuthorizationFilter</c> after security): runs
/// the parser chain and the default rules, the router chain, and resolves the application against the registry. On
/// success it pins <c>FIXED_INSTANCE</c> when an instance was chosen, adds <c>GATEWAY_URL</c> and the inner-request
/// cookie, attaches the route labels of label-routed applications, and continues; <see cref="LinkisRequestUrlFilter"/>
/// then points the request URL at the application. Parser and router errors are answered HTTP 200 with a
/// <see cref="LinkisMessage"/> of status 1, and failures further down the chain in Linkis's framework error shape.
/// </summary>
internal sealed partial class LinkisRoutingFilter(
    LinkisPipeline pipeline,
    ServiceResolver resolver,
    ILogger<LinkisRoutingFilter> logger,
    IServiceRegistry registry) : IGlobalFilter
{
    public int Order => LinkisFilterOrder.Routing;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (!LinkisPipeline.IsLinkisRoute(exchange, out var role))
        {
            return chain.FilterAsync(exchange);
        }

        var context = pipeline.ContextOf(exchange);
        if (role == LinkisRoutes.WebSocket)
        {
            // WebSocket handshakes go on to the multiplexer unparsed; like Linkis's header filter, tell backends where we are.
            exchange.Request.Headers[LinkisHeaders.GatewayUrl] = LinkisNode.GatewayUrl(exchange.HttpContext, context.Compiled);
            return chain.FilterAsync(exchange);
        }

        return RouteAsync(exchange, context, chain);
    }

    public override string ToString() => "[LinkisRouting]";

    // Every request on a Linkis route awaits the rest of the chain here: pool the state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RouteAsync(GatewayExchange exchange, LinkisRequestContext context, GatewayFilterChain chain)
    {
        var http = exchange.HttpContext;
        if (pipeline.FindLocalEndpoint(context.Path, context.Settings) is { } local)
        {
            // Served by the gateway itself (it owns the data): nothing is parsed or forwarded.
            exchange.MarkRouted();
            await local.HandleAsync(http);
            return;
        }

        context.Registry = registry.Current;
        ServiceTarget? target;
        try
        {
            target = await pipeline.DecideAsync(context, resolver, http.RequestAborted);
        }
        catch (LinkisErrorException ex)
        {
            await AnswerAsync(context, ex);
            return;
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, context.Path, ex);
            context.Fail(LinkisErrors.InternalError);
            target = null;
        }

        if (context.Answer is { } answer)
        {
            if (answer.Status != LinkisMessageStatus.Success)
            {
                LogAnswered(logger, context.Method, context.Path, answer.Message);
            }

            await LinkisResponseWriter.WriteMessageAsync(http, answer);
            return;
        }

        if (target is null)
        {
            // Only the legacy /dws/ prefix gets here: Portico serves it through configured routes placed before Linkis's.
            LogNoLegacyProxy(logger, context.Path);
            await LinkisResponseWriter.WriteFrameworkErrorAsync(http, StatusCodes.Status404NotFound, context.Path);
            return;
        }

        Decorate(exchange, context, target);
        try
        {
            await chain.FilterAsync(exchange);
        }
        catch (LinkisErrorException ex) when (!http.Response.HasStarted)
        {
            // Thrown by a later step that routes on Linkis's behalf (the load balancer's label step).
            await AnswerAsync(context, ex);
        }
        catch (Exception ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var status = ex is GatewayException gx ? gx.StatusCode : StatusCodes.Status500InternalServerError;
            LogDownstreamFailure(logger, status, context.Path, ex);
            exchange.UpstreamResponse?.Dispose();
            exchange.UpstreamResponse = null;
            await LinkisResponseWriter.WriteFrameworkErrorAsync(http, status, context.Path);
        }
    }

    private void Decorate(GatewayExchange exchange, LinkisRequestContext context, ServiceTarget target)
    {
        context.RoutedTarget = target;
        var http = exchange.HttpContext;
        var headers = exchange.Request.Headers;
        if (target.Instance is { } instance)
        {
            headers[LinkisHeaders.FixedInstance] = instance;
        }

        // Otherwise a client's own FIXED_INSTANCE stays: the load balancer treats it as an affinity hint within the
        // instances the request's labels allow, never as a way around them.

        headers[LinkisHeaders.GatewayUrl] = LinkisNode.GatewayUrl(http, context.Compiled);
        headers.Cookie = AppendInnerRequestCookie(headers.Cookie);
        if (context.Compiled.LabelRoutedServices.Contains(target.Application))
        {
            exchange.SetRequestLabels(RouteLabelReader.Read(context, target.Application));
        }

        LogRouted(logger, context.Method, context.Path, target.Application, target.Instance);
    }

    /// <summary>
    /// Appends <c>dataworkcloud_inner_request=true</c> to the request's cookies as Linkis does (<c>existing;name=value</c>),
    /// folding cookie headers split by HTTP/2 into one.
    /// </summary>
    internal static StringValues AppendInnerRequestCookie(StringValues existing)
    {
        const string Cookie = LinkisHeaders.InnerRequestCookie + "=" + LinkisHeaders.InnerRequestCookieValue;
        return existing.Count switch
        {
            0 => Cookie,
            1 => existing[0] + ";" + Cookie,
            _ => string.Join("; ", existing.ToArray()) + ";" + Cookie,
        };
    }

    private ValueTask<bool> AnswerAsync(LinkisRequestContext context, LinkisErrorException error)
    {
        var (host, port) = LinkisNode.HostAndPort(context.Exchange.HttpContext, context.Compiled);
        var text = error.ToRootCauseMessage(host, port, context.Settings.GatewayApplication);
        LogAnswered(logger, context.Method, context.Path, text);
        return LinkisResponseWriter.WriteMessageAsync(context.Exchange.HttpContext, LinkisMessage.Error(text).WithMethod(context.Path));
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 2, Level = LogLevel.Debug, Message = "{Method} {Path} routed to {Application} (instance {Instance})")]
    private static partial void LogRouted(ILogger logger, string method, string path, string application, string? instance);

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 3, Level = LogLevel.Information, Message = "{Method} {Path} answered by the gateway: {Message}")]
    private static partial void LogAnswered(ILogger logger, string method, string path, string? message);

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 4, Level = LogLevel.Error, Message = "Parsing or routing {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 5, Level = LogLevel.Information, Message = "{Path} is under the legacy /dws/ prefix and no configured route serves it; answering 404")]
    private static partial void LogNoLegacyProxy(ILogger logger, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 6, Level = LogLevel.Warning, Message = "{Path} failed after routing with {Status}")]
    private static partial void LogDownstreamFailure(ILogger logger, int status, string path, Exception exception);
}
