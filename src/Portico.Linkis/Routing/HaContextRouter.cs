using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.Labels;

namespace Portico.Linkis.Routing;

/// <summary>
/// Context-service high availability (Linkis's <c>HaContextGatewayRouter</c>, §3.4), for paths containing
/// <c>contextservice</c>. A request without a context id (query parameter <c>contextID</c>, any case, then the
/// <c>contextID</c> header) creates a context: it goes to the context service with no pinned instance. A request with
/// one is pinned to the instance its HA id names: each alias (main first) is looked up as a <c>route</c> label; when
/// none resolves, the first live instance of the context service is used.
/// </summary>
internal sealed partial class HaContextRouter(IInstanceLabelLookup labels, ILogger<HaContextRouter> logger) : ILinkisRouter
{
    private const string ContextServiceMarker = "contextservice";

    public int Order => LinkisRouterOrder.HaContext;

    public ValueTask<ServiceTarget?> RouteAsync(LinkisRequestContext context) => new(Route(context));

    public override string ToString() => "[HaContextRouter]";

    private ServiceTarget? Route(LinkisRequestContext context)
    {
        if (!context.Path.Contains(ContextServiceMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var service = FindService(context.Registry, context.Compiled.ContextServiceApplication);
        if (service is null)
        {
            return null;
        }

        var contextId = ContextIdOf(context);
        if (string.IsNullOrWhiteSpace(contextId))
        {
            return new ServiceTarget(service);
        }

        var haId = Unwrap(contextId);
        if (HaContextId.TryParse(haId, out var aliases, out _))
        {
            foreach (var alias in aliases)
            {
                if (alias.Length > 0 && labels.FindInstances(LinkisLabelKeys.Route, alias) is { Count: > 0 } found)
                {
                    return new ServiceTarget(service, found[0].Instance);
                }
            }
        }

        foreach (var instance in context.Registry.GetInstances(service))
        {
            if (instance.Status == InstanceStatus.Up)
            {
                LogFallback(logger, haId, instance.Authority);
                return new ServiceTarget(service, instance.Authority);
            }
        }

        return null;
    }

    /// <summary>The first registry name (in ordinal order) containing <paramref name="name"/>, case-insensitively.</summary>
    private static string? FindService(RegistrySnapshot registry, string name)
    {
        string? best = null;
        foreach (var application in registry.Applications)
        {
            if (application.Contains(name, StringComparison.OrdinalIgnoreCase) && (best is null || string.CompareOrdinal(application, best) < 0))
            {
                best = application;
            }
        }

        return best;
    }

    private static string? ContextIdOf(LinkisRequestContext context)
    {
        var fromQuery = context.FirstQueryValue(LinkisHeaders.ContextId);
        if (!string.IsNullOrWhiteSpace(fromQuery))
        {
            return fromQuery;
        }

        var fromHeader = context.Headers[LinkisHeaders.ContextId];
        return fromHeader.Count > 0 ? fromHeader[0] : null;
    }

    /// <summary>
    /// A context id may arrive serialised by Linkis's helper, <c>{"type":"...","value":"{...\"contextId\":\"...\"...}"}</c>;
    /// its inner <c>contextId</c> is what the HA id parser needs.
    /// </summary>
    private static string Unwrap(string contextId)
    {
        if (contextId.Length == 0 || contextId[0] != '{')
        {
            return contextId;
        }

        try
        {
            using var outer = JsonDocument.Parse(contextId);
            if (outer.RootElement.ValueKind == JsonValueKind.Object
                && outer.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && outer.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            {
                using var inner = JsonDocument.Parse(value.GetString()!);
                if (inner.RootElement.ValueKind == JsonValueKind.Object
                    && inner.RootElement.TryGetProperty("contextId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    return id.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not a serialised ContextID: the raw value is parsed as an HA id, as Linkis does.
        }

        return contextId;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 20, Level = LogLevel.Debug, Message = "Context id {ContextId} names no labelled instance; using context-service instance {Instance}")]
    private static partial void LogFallback(ILogger logger, string contextId, string instance);
}
