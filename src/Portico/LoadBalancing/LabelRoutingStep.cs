using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.Errors;
using Portico.Labels;

namespace Portico.LoadBalancing;

/// <summary>
/// Narrows the candidates to the instances a request's labels allow (Linkis's label router, with Portico's D4): when
/// the request carries routing labels, the instances that carry every requested routing key with one of its requested
/// values; otherwise the unlabelled instances (those without any label). Runs for services whose label routing is on:
/// those a parser attached labels for (<see cref="RequestLabelsExchangeExtensions.GetRequestLabels"/>, as the Linkis
/// routing filter does) and every service with <c>services.&lt;id&gt;.labels.enabled</c> (labels from an
/// <see cref="IRequestLabelSource"/>, else <c>?labels=</c> / <c>?labelsRoute=</c>). Affinity runs next, so a requested
/// instance outside the allowed set is dropped and the request fails over within it; only an instance the request's
/// parser itself chose (<see cref="IRequestLabelSource.PinnedInstance"/>) stays allowed whatever the labels say.
/// When nothing is allowed, an <see cref="ILabelRoutingErrors"/> may answer (Linkis's 11011/11012), else a 503.
/// </summary>
internal sealed partial class LabelRoutingStep(
    ILabelStore labels,
    ILogger<LabelRoutingStep> logger,
    IEnumerable<IRequestLabelSource>? sources = null,
    IEnumerable<ILabelRoutingErrors>? errors = null) : IInstanceSelectionStep
{
    private readonly IRequestLabelSource[] _sources = sources is null ? [] : [.. sources];
    private readonly ILabelRoutingErrors[] _errors = errors is null ? [] : [.. errors];

    public int Order => InstanceSelectionStepOrder.Labels;

    public void Apply(InstanceSelectionContext context)
    {
        var options = context.Settings.Labels;
        if (options.Enabled == false || context.Candidates.Length == 0)
        {
            return;
        }

        var exchange = context.Exchange;
        var requested = exchange.GetRequestLabels();
        if (requested is not null && !string.Equals(requested.Application, context.ServiceId, StringComparison.OrdinalIgnoreCase))
        {
            // Labels attached for another application (a filter redirected the request): they say nothing about this one.
            requested = null;
        }

        if (requested is null)
        {
            if (options.Enabled != true)
            {
                return;
            }

            requested = ReadLabels(exchange, context.ServiceId);
        }

        var snapshot = labels.Current;
        var application = snapshot.Application(context.ServiceId);
        var pin = ParserPin.Of(_sources, exchange, context.ServiceId);
        if (requested is null || !HasRoutingLabels(requested, options.RoutingKeys))
        {
            KeepUnlabelled(context, application, pin, _errors);
            return;
        }

        var state = new MatchState(application, requested, options.RoutingKeys, pin);
        var allowed = 0;
        foreach (var candidate in context.Candidates)
        {
            if (state.Allows(candidate))
            {
                allowed++;
            }
        }

        if (allowed == context.Candidates.Length)
        {
            return;
        }

        if (allowed > 0)
        {
            context.RetainWhere(state, static (instance, s) => s.Allows(instance));
            return;
        }

        if (options.FallbackToUnlabeled)
        {
            LogFallback(logger, context.ServiceId, requested);
            KeepUnlabelled(context, application, pin, _errors);
            return;
        }

        throw NoMatch(context, snapshot, requested, options.RoutingKeys, _errors);
    }

    public override string ToString() => "[LabelRouting]";

    /// <summary>Keeps the instances without labels (and the parser's pin); none left is an error.</summary>
    private static void KeepUnlabelled(InstanceSelectionContext context, ApplicationLabels? application, ParserPin pin, ILabelRoutingErrors[] errors)
    {
        if (application is null || application.LabelledCount == 0)
        {
            // No instance of the service carries a label: every candidate is in the unlabelled pool.
            return;
        }

        context.RetainWhere((application, pin), static (instance, s) => !s.application.IsLabelled(instance) || s.pin.Matches(instance));
        if (context.Candidates.Length == 0)
        {
            throw NoUnlabelled(context, errors);
        }
    }

    private static bool HasRoutingLabels(RequestLabels requested, IReadOnlyList<string> routingKeys)
    {
        if (requested.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < routingKeys.Count; i++)
        {
            if (requested.Labels.TryGetValue(routingKeys[i], out var values) && values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The labels of a request no filter labelled: those of the first source that speaks for it (a Linkis request's,
    /// read as Linkis reads them); elsewhere from the query parameter <c>labels</c> (else <c>labelsRoute</c>) as route
    /// values. Null when there are none.
    /// </summary>
    private RequestLabels? ReadLabels(GatewayExchange exchange, string serviceId)
    {
        foreach (var source in _sources)
        {
            if (source.TryReadLabels(exchange, serviceId, out var read))
            {
                return read;
            }
        }

        var request = exchange.Request;
        if (!request.QueryString.HasValue)
        {
            return null;
        }

        var text = FirstValue(request.Query, "labels");
        if (string.IsNullOrWhiteSpace(text))
        {
            text = FirstValue(request.Query, "labelsRoute");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length == 0
            ? null
            : new RequestLabels(serviceId, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [LabelKeys.Route] = values });
    }

    private static string? FirstValue(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static Exception NoUnlabelled(InstanceSelectionContext context, ILabelRoutingErrors[] errors)
    {
        foreach (var mapper in errors)
        {
            if (mapper.NoUnlabelledInstance(context.Exchange, context.ServiceId) is { } error)
            {
                return error;
            }
        }

        return new GatewayException(
            StatusCodes.Status503ServiceUnavailable,
            $"Service '{context.ServiceId}' has no available unlabelled instance for a request without routing labels; its labelled instances serve only requests that ask for their labels.");
    }

    /// <summary>Why no candidate carries the requested labels, in a module's terms (Linkis's 11011 or 11012) or as a 503.</summary>
    private static Exception NoMatch(InstanceSelectionContext context, LabelSnapshot snapshot, RequestLabels requested, IReadOnlyList<string> routingKeys, ILabelRoutingErrors[] errors)
    {
        var description = Describe(requested, routingKeys);
        InstanceLabels? ofService = null;
        var anywhere = false;
        foreach (var entry in snapshot.All)
        {
            if (MatchState.Matches(entry, requested, routingKeys))
            {
                anywhere = true;
                if (string.Equals(entry.Application, context.ServiceId, StringComparison.OrdinalIgnoreCase))
                {
                    ofService = entry;
                    break;
                }
            }
        }

        if (errors.Length > 0)
        {
            var failure = new LabelRoutingFailure(context.ServiceId, requested, routingKeys, anywhere, ofService);
            foreach (var mapper in errors)
            {
                if (mapper.NoLabelledInstance(context.Exchange, failure) is { } error)
                {
                    return error;
                }
            }
        }

        var detail = ofService is null
            ? $"No instance of service '{context.ServiceId}' carries the labels {description}; label an instance, or send labels one of its instances carries."
            : $"The instances of service '{context.ServiceId}' labelled {description} are not available (not registered, not UP, or excluded).";
        return new GatewayException(StatusCodes.Status503ServiceUnavailable, detail);
    }

    /// <summary>The requested routing labels as <c>route=a|b, tenant=t</c>, for messages and logs.</summary>
    private static string Describe(RequestLabels requested, IReadOnlyList<string> routingKeys)
    {
        var sb = new StringBuilder();
        foreach (var key in routingKeys)
        {
            if (requested.Labels.TryGetValue(key, out var values) && values.Count > 0)
            {
                sb.Append(sb.Length > 0 ? ", " : "").Append(key).Append('=').AppendJoin('|', values);
            }
        }

        return sb.ToString();
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 40, Level = LogLevel.Debug, Message = "No available instance of {ServiceId} carries the routing labels of {Labels}; using the unlabelled instances (fallback-to-unlabeled)")]
    private static partial void LogFallback(ILogger logger, string serviceId, RequestLabels labels);

    /// <summary>What decides whether a candidate carries the requested labels; passed by value, so nothing is allocated.</summary>
    private readonly struct MatchState(ApplicationLabels? application, RequestLabels requested, IReadOnlyList<string> routingKeys, ParserPin pin)
    {
        public bool Allows(ServiceInstance instance) =>
            pin.Matches(instance) || (application?.Find(instance) is { } entry && Matches(entry, requested, routingKeys));

        /// <summary>D4: every requested routing key is carried, with one of its requested values.</summary>
        public static bool Matches(InstanceLabels entry, RequestLabels requested, IReadOnlyList<string> routingKeys)
        {
            for (var i = 0; i < routingKeys.Count; i++)
            {
                var key = routingKeys[i];
                if (!requested.Labels.TryGetValue(key, out var values) || values.Count == 0)
                {
                    continue;
                }

                var carried = entry.ValueOf(key);
                if (carried is null || !Contains(values, carried))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Contains(IReadOnlyList<string> values, string value)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (string.Equals(values[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The instance the request's parser chose (Linkis's execID, <c>?instance=</c>): Linkis sends such requests to their
    /// instance whatever labels they carry, so it stays allowed. A client's own <c>FIXED_INSTANCE</c> is not this (D7).
    /// </summary>
    private readonly struct ParserPin
    {
        private readonly string? _host;
        private readonly int _port;

        private ParserPin(string host, int port)
        {
            _host = host;
            _port = port;
        }

        public static ParserPin Of(IRequestLabelSource[] sources, GatewayExchange exchange, string serviceId)
        {
            foreach (var source in sources)
            {
                if (source.PinnedInstance(exchange, serviceId) is { } instance)
                {
                    return AffinityKey.TryParseAuthority(instance, out var host, out var port) ? new ParserPin(host.ToString(), port) : default;
                }
            }

            return default;
        }

        public bool Matches(ServiceInstance instance) => _host is not null && AffinityKey.Matches(instance, _host, _port);
    }
}
