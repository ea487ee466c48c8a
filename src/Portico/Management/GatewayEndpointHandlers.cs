using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Errors;
using Portico.Filters;
using Portico.Routing;

namespace Portico.Management;

/// <summary>
/// The <c>/actuator/gateway</c> endpoints in Spring Cloud Gateway's shape: routes, their definitions, global
/// filters, the available factories, refresh, and the outcome of the last configuration load.
/// </summary>
internal sealed partial class GatewayEndpointHandlers(
    IGatewaySnapshotProvider snapshots,
    RouteTableBuilder builder,
    ILogger<GatewayEndpointHandlers> logger)
{
    /// <summary><c>GET /gateway/routes</c>: every route as Spring serializes it.</summary>
    public Task RoutesAsync(HttpContext context) =>
        ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, snapshots.Current, static (json, snapshot) =>
        {
            json.WriteStartArray();
            foreach (var route in snapshot.Routes.Routes)
            {
                WriteRoute(json, route, snapshot.Config);
            }

            json.WriteEndArray();
        });

    /// <summary><c>GET /gateway/routes/{id}</c>: one route, or 404.</summary>
    public Task RouteAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var snapshot = snapshots.Current;
        var route = snapshot.Routes.Find(id);
        return route is null
            ? GatewayProblem.WriteAsync(context, StatusCodes.Status404NotFound, $"No route has the id '{id}'.", null).AsTask()
            : ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, (route, snapshot.Config), static (json, s) => WriteRoute(json, s.route, s.Config));
    }

    /// <summary><c>GET /gateway/routedefinitions</c>: the routes as configured (Spring's <c>RouteDefinition</c>).</summary>
    public Task RouteDefinitionsAsync(HttpContext context) =>
        ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, snapshots.Current.Config, static (json, config) =>
        {
            json.WriteStartArray();
            foreach (var route in config.Routes)
            {
                json.WriteStartObject();
                json.WriteString("id", route.Id);
                WriteDefinitions(json, "predicates", route.Predicates);
                WriteDefinitions(json, "filters", route.Filters);
                json.WriteString("uri", route.Uri);
                WriteMetadata(json, route.Metadata);
                json.WriteNumber("order", route.Order);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

    /// <summary><c>GET /gateway/globalfilters</c>: each global filter's description and order, in chain order.</summary>
    public Task GlobalFiltersAsync(HttpContext context) =>
        ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, builder.GlobalFilters, static (json, filters) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            json.WriteStartObject();
            foreach (var filter in filters)
            {
                var name = Describe(filter);
                var unique = name;
                for (var n = 2; !seen.Add(unique); n++)
                {
                    unique = $"{name} #{n}";
                }

                json.WriteNumber(unique, filter.Order);
            }

            json.WriteEndObject();
        });

    /// <summary><c>GET /gateway/globalfilters/orders</c>: the named orders of the built-in global filters, for placing your own.</summary>
    public static Task GlobalFilterOrdersAsync(HttpContext context) =>
        ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, GlobalFilterOrder.All, static (json, orders) =>
        {
            json.WriteStartObject();
            foreach (var (name, order) in orders)
            {
                json.WriteNumber(name, order);
            }

            json.WriteEndObject();
        });

    /// <summary><c>GET /gateway/routefilters</c>: filter factory names and their shortcut argument order.</summary>
    public Task RouteFiltersAsync(HttpContext context) =>
        WriteFactoriesAsync(context, builder.FilterFactories.Select(f => (f.Name, f.Shortcut)));

    /// <summary><c>GET /gateway/routepredicates</c>: predicate factory names and their shortcut argument order.</summary>
    public Task RoutePredicatesAsync(HttpContext context) =>
        WriteFactoriesAsync(context, builder.PredicateFactories.Select(p => (p.Name, p.Shortcut)));

    /// <summary>
    /// <c>POST /gateway/refresh</c>: re-reads the configuration sources. 200 when the result is in force, 422 with
    /// every problem when it was rejected (the previous configuration keeps serving).
    /// </summary>
    public Task RefreshAsync(HttpContext context)
    {
        var status = snapshots.Refresh();
        LogRefreshed(logger, context.Connection.RemoteIpAddress, status.Succeeded, status.Generation, status.Errors.Count);
        return WriteStatusAsync(context, status, status.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary><c>GET /gateway/config-status</c>: the outcome of the latest load or reload.</summary>
    public Task ConfigStatusAsync(HttpContext context) => WriteStatusAsync(context, snapshots.Status, StatusCodes.Status200OK);

    /// <summary>The predicate text Spring prints: predicates joined as <c>(a &amp;&amp; b)</c>.</summary>
    internal static string DescribePredicates(Route route)
    {
        var predicates = route.Predicates;
        if (predicates.Count == 0)
        {
            return "true";
        }

        var text = Describe(predicates[0], route.Config.Predicates[0]);
        for (var i = 1; i < predicates.Count; i++)
        {
            text = $"({text} && {Describe(predicates[i], route.Config.Predicates[i])})";
        }

        return text;
    }

    /// <summary>The route's own filters (default filters, then route filters) as Spring prints them: <c>[[StripPrefix parts = 1], order = 1]</c>.</summary>
    internal static List<string> DescribeFilters(Route route, PorticoConfig config)
    {
        var result = new List<string>();
        foreach (var ordered in route.OrderedFilters)
        {
            if (ordered.IsGlobal)
            {
                continue;
            }

            // Route filters are numbered 1, 2, ... over default-filters then the route's filters.
            var index = ordered.Order - 1;
            var source = index < config.DefaultFilters.Count
                ? config.DefaultFilters.ElementAtOrDefault(index)
                : route.Config.Filters.ElementAtOrDefault(index - config.DefaultFilters.Count);
            var text = HasOwnDescription(ordered.Filter) ? ordered.Filter.ToString()! : $"[{source?.ToString() ?? ordered.Filter.GetType().Name}]";
            result.Add($"[{text}, order = {ordered.Order}]");
        }

        return result;
    }

    private static void WriteRoute(Utf8JsonWriter json, Route route, PorticoConfig config)
    {
        json.WriteStartObject();
        json.WriteString("predicate", DescribePredicates(route));
        json.WriteString("route_id", route.Id);
        json.WriteStartArray("filters");
        foreach (var filter in DescribeFilters(route, config))
        {
            json.WriteStringValue(filter);
        }

        json.WriteEndArray();
        json.WriteString("uri", route.UriText);
        WriteMetadata(json, route.Metadata);
        json.WriteNumber("order", route.Order);
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, IReadOnlyDictionary<string, string> metadata)
    {
        // Spring leaves the field out when a route has no metadata.
        if (metadata.Count == 0)
        {
            return;
        }

        json.WriteStartObject("metadata");
        foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteDefinitions(Utf8JsonWriter json, string name, IReadOnlyList<ComponentConfig> components)
    {
        json.WriteStartArray(name);
        foreach (var component in components)
        {
            json.WriteStartObject();
            json.WriteString("name", component.Name);
            json.WriteStartObject("args");
            for (var i = 0; i < component.ShortcutArgs.Count; i++)
            {
                json.WriteString("_genkey_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), component.ShortcutArgs[i]);
            }

            foreach (var (key, values) in component.Args)
            {
                json.WriteString(key, string.Join(',', values));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static Task WriteFactoriesAsync(HttpContext context, IEnumerable<(string Name, ShortcutSpec Shortcut)> factories) =>
        ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, factories.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), static (json, list) =>
        {
            json.WriteStartObject();
            foreach (var (name, shortcut) in list)
            {
                json.WriteStartArray(name);
                foreach (var field in shortcut.FieldOrder)
                {
                    json.WriteStringValue(field);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        });

    private Task WriteStatusAsync(HttpContext context, ConfigReloadStatus status, int statusCode) =>
        ActuatorJson.WriteAsync(context, statusCode, (status, snapshots.Current), static (json, s) =>
        {
            var (status, snapshot) = s;
            json.WriteStartObject();
            json.WriteBoolean("succeeded", status.Succeeded);
            json.WriteString("attemptedAt", status.AttemptedAt);
            json.WriteNumber("generation", status.Generation);
            json.WriteString("loadedAt", snapshot.LoadedAt);
            json.WriteNumber("routeCount", snapshot.Routes.Routes.Count);
            json.WriteStartArray("errors");
            foreach (var error in status.Errors)
            {
                json.WriteStartObject();
                json.WriteString("routeId", error.RouteId);
                json.WriteString("field", error.Field);
                json.WriteString("problem", error.Problem);
                json.WriteString("fix", error.Fix);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

    private static string Describe(object component) =>
        HasOwnDescription(component) ? component.ToString()! : component.GetType().FullName ?? component.GetType().Name;

    private static string Describe(object predicate, ComponentConfig source) =>
        HasOwnDescription(predicate) ? predicate.ToString()! : source.ToString();

    /// <summary>Whether the object describes itself rather than printing its type name.</summary>
    private static bool HasOwnDescription(object component)
    {
        var text = component.ToString();
        return !string.IsNullOrEmpty(text) && text != component.GetType().ToString();
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Management + 4, Level = LogLevel.Information, Message = "Configuration refresh requested by {RemoteAddress}: succeeded={Succeeded}, generation {Generation}, {ErrorCount} errors")]
    private static partial void LogRefreshed(ILogger logger, System.Net.IPAddress? remoteAddress, bool succeeded, long generation, int errorCount);
}
