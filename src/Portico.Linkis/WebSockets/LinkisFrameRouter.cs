using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Portico.Discovery;
using Portico.Labels;
using Portico.LoadBalancing;
using Portico.Logging;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// Routes one client message as Linkis routes an HTTP request, from scratch every time (no state carried over from the
/// previous message, §5.4 Q1/Q2): a fresh <see cref="LinkisRequestContext"/> whose path and query are the message's
/// <c>method</c> and whose body is its <c>data</c> runs the parsers, the default rules, the routers and the registry
/// resolution; then the load-balancing pipeline chooses the instance with the message's labels (as
/// <see cref="RequestLabels"/>) and pin (as <c>FIXED_INSTANCE</c>), exactly as for an HTTP request. A message that names
/// no instance prefers the instance the socket already has a connection to, when its labels and health allow it.
/// </summary>
internal sealed class LinkisFrameRouter(
    LinkisPipeline pipeline,
    ServiceResolver resolver,
    IServiceRegistry registry,
    InstanceSelector selector,
    LoadBalancingMetrics metrics,
    TimeProvider time,
    ILogger<LinkisFrameRouter> logger)
{
    // The pin comes from the client's message: counted every time, logged once per application and reason per interval.
    private readonly LogRateLimiter _failoverLog = new(time);

    /// <summary>
    /// Decides where the message goes. Runs on the client connection's receive loop, the only user of the handshake's
    /// exchange once the socket is open: the selection briefly sets the exchange's <c>FIXED_INSTANCE</c> header and
    /// labels, which the selection steps read, and restores them.
    /// </summary>
    public async ValueTask<FrameDecision> RouteAsync(
        LinkisHandshake handshake,
        long connectionId,
        string path,
        IQueryCollection query,
        LinkisRequestBody body,
        Func<string, string?> connectedInstance,
        CancellationToken cancellationToken)
    {
        var exchange = handshake.Exchange;
        var settings = handshake.Settings;
        var context = new LinkisRequestContext(exchange, settings, path, query, body)
        {
            Registry = registry.Current,
        };

        ServiceTarget? target;
        try
        {
            target = await pipeline.DecideAsync(context, resolver, cancellationToken);
        }
        catch (LinkisErrorException ex)
        {
            return Answer(RootCause(handshake, ex, path));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LinkisWebSocketLog.RoutingFailed(logger, connectionId, path, ex);
            return Answer(LinkisMessage.Error(LinkisErrors.InternalError).WithMethod(path));
        }

        if (context.Answer is { } answer)
        {
            return Answer(answer);
        }

        if (target is null)
        {
            // The legacy /dws/ prefix: a static proxy of HTTP requests, meaningless for a message.
            return Answer(LinkisMessage.Error(LinkisErrors.NoServiceForPath(path)).WithMethod(path));
        }

        var application = target.Application;
        var labels = settings.LabelRoutedServices.Contains(application) ? RouteLabelReader.Read(context, application) : null;
        var requested = target.Instance ?? connectedInstance(application);
        var service = ServiceConfigLookup.For(exchange.Config, application);
        var headers = exchange.Request.Headers;
        var features = exchange.HttpContext.Features;
        var handshakePin = headers[LinkisHeaders.FixedInstance];
        var handshakeLabels = features.Get<RequestLabels>();
        InstanceSelection selection;
        try
        {
            // Without a pin of its own or a connection to prefer, a client's FIXED_INSTANCE on the handshake stays a hint (D7).
            if (requested is not null)
            {
                headers[LinkisHeaders.FixedInstance] = requested;
            }

            features.Set(labels);
            selection = selector.Select(exchange, application, service, default);
        }
        catch (LinkisErrorException ex)
        {
            // The label step routes on Linkis's behalf and reports as Linkis's router does.
            return Answer(RootCause(handshake, ex, path));
        }
        finally
        {
            if (StringValues.IsNullOrEmpty(handshakePin))
            {
                headers.Remove(LinkisHeaders.FixedInstance);
            }
            else
            {
                headers[LinkisHeaders.FixedInstance] = handshakePin;
            }

            features.Set(handshakeLabels);
        }

        if (selection.Instance is not { } instance)
        {
            var status = exchange.Config.LoadBalancer.Use404 ? StatusCodes.Status404NotFound : StatusCodes.Status503ServiceUnavailable;
            return Answer(LinkisMessage.Error(LinkisResponseWriter.FrameworkErrorMessage(status, path)).WithMethod(path));
        }

        if (target.Instance is { } pinned && selection.FailoverReason != AffinityFailoverReason.None)
        {
            var reason = LoadBalancingMetrics.ReasonTag(selection.FailoverReason);
            metrics.RecordFailover(application, reason);
            if (logger.IsEnabled(LogLevel.Information) && _failoverLog.TryAcquire(string.Concat(application, " ", reason), out var heldBack))
            {
                LinkisWebSocketLog.Failover(logger, connectionId, path, application, pinned, reason, instance.Authority, heldBack);
            }
        }

        LinkisWebSocketLog.Routed(logger, connectionId, path, application, instance.Authority);
        return new FrameDecision(new BackendTarget(application, instance, target.Instance is not null), null);
    }

    private static FrameDecision Answer(LinkisMessage message) => new(null, message);

    private static LinkisMessage RootCause(LinkisHandshake handshake, LinkisErrorException error, string path)
    {
        var (host, port) = LinkisNode.HostAndPort(handshake.Exchange.HttpContext, handshake.Settings);
        return LinkisMessage.Error(error.ToRootCauseMessage(host, port, handshake.Settings.Config.GatewayApplication)).WithMethod(path);
    }
}

/// <summary>Where a message goes, or the answer the gateway sends instead.</summary>
/// <param name="Target">The backend instance, when the message is forwarded.</param>
/// <param name="Answer">The error message sent to the client instead, when it is not.</param>
internal readonly record struct FrameDecision(BackendTarget? Target, LinkisMessage? Answer);
