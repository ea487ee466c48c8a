using Portico.Configuration;

namespace Portico.Security.Cors;

/// <summary>
/// The CORS policies of one configuration: the global <c>cors</c> settings, and the routes whose metadata overrides
/// them. Route metadata <c>cors.&lt;field&gt;</c> replaces that field of the global settings; <c>cors.enabled: false</c>
/// (or <c>cors: false</c>) switches CORS off for the route. A route an <see cref="IRouteCorsSource"/> answers for takes
/// its policy from that source instead (a module's own routes).
/// </summary>
internal sealed class CorsPolicies
{
    /// <summary>The metadata fields a route may set under <c>cors</c>.</summary>
    public static readonly IReadOnlyList<string> MetadataFields =
        ["enabled", "allowed-origins", "allowed-methods", "allowed-headers", "exposed-headers", "allow-credentials", "max-age"];

    private readonly CorsPolicy? _global;
    private readonly Dictionary<string, CorsPolicy?> _routes;

    private CorsPolicies(CorsPolicy? global, Dictionary<string, CorsPolicy?> routes)
    {
        _global = global;
        _routes = routes;
        IsEnabled = global is not null || routes.Values.Any(p => p is not null);
    }

    /// <summary>Policies under which no route has CORS.</summary>
    public static CorsPolicies Disabled { get; } = new(null, []);

    /// <summary>Whether any route has CORS; when false the filter does nothing.</summary>
    public bool IsEnabled { get; }

    /// <summary>Compiles the global settings and every route's override.</summary>
    public static CorsPolicies Compile(PorticoConfig config, List<ConfigError> errors) => Compile(config, [], errors);

    /// <summary>Compiles the global settings and every route's override, asking <paramref name="sources"/> first.</summary>
    public static CorsPolicies Compile(PorticoConfig config, IReadOnlyList<IRouteCorsSource> sources, List<ConfigError> errors)
    {
        var global = CorsPolicy.Compile(config.Cors, null, "cors", errors);
        var routes = new Dictionary<string, CorsPolicy?>(StringComparer.Ordinal);

        // A source's settings are compiled (and their problems reported) once, however many routes share them.
        Dictionary<CorsConfig, CorsPolicy?>? fromSources = null;
        foreach (var route in config.Routes)
        {
            if (!string.IsNullOrEmpty(route.Id) && SourceSettings(sources, config, route) is { } found)
            {
                fromSources ??= new(ReferenceEqualityComparer.Instance);
                if (!fromSources.TryGetValue(found.Settings, out var policy))
                {
                    policy = CorsPolicy.Compile(found.Settings, null, found.Field, errors);
                    fromSources[found.Settings] = policy;
                }

                routes[route.Id] = policy;
                continue;
            }

            var section = RouteMetadataSection.Find(route, "cors");
            if (section is null || string.IsNullOrEmpty(route.Id))
            {
                continue;
            }

            section.RejectUnknownFields(MetadataFields, errors);
            var enabled = section.GetBoolean("enabled", errors);
            if (section.Value is { } scalar)
            {
                if (bool.TryParse(scalar, out var on))
                {
                    enabled ??= on;
                }
                else
                {
                    errors.Add(new ConfigError(route.Id, "metadata.cors", $"'{scalar}' is not a boolean.", "Write cors: false to switch CORS off for the route, or set fields under cors."));
                }
            }

            if (enabled == false)
            {
                routes[route.Id] = null;
                continue;
            }

            var merged = config.Cors with
            {
                AllowedOrigins = section.GetList("allowed-origins") ?? config.Cors.AllowedOrigins,
                AllowedMethods = section.GetList("allowed-methods") ?? config.Cors.AllowedMethods,
                AllowedHeaders = section.GetList("allowed-headers") ?? config.Cors.AllowedHeaders,
                ExposedHeaders = section.GetList("exposed-headers") ?? config.Cors.ExposedHeaders,
                AllowCredentials = section.GetBoolean("allow-credentials", errors) ?? config.Cors.AllowCredentials,
                MaxAge = section.GetString("max-age") ?? config.Cors.MaxAge,
            };
            if (merged.AllowedOrigins.Count == 0 && enabled == true)
            {
                errors.Add(section.Error("enabled", "is true but no allowed-origins are set here or in the global cors settings.", "List the allowed origins."));
            }

            routes[route.Id] = merged == config.Cors ? global : CorsPolicy.Compile(merged, route.Id, "metadata.cors", errors);
        }

        return new CorsPolicies(global, routes);
    }

    private static (CorsConfig Settings, string Field)? SourceSettings(IReadOnlyList<IRouteCorsSource> sources, PorticoConfig config, RouteConfig route)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].CorsFor(config, route, out var field) is { } settings)
            {
                return (settings, field);
            }
        }

        return null;
    }

    /// <summary>The policy of the route, or null when CORS is off for it.</summary>
    public CorsPolicy? For(string routeId) => _routes.Count > 0 && _routes.TryGetValue(routeId, out var policy) ? policy : _global;
}
