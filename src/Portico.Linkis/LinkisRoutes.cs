using System.Text.RegularExpressions;
using Portico.Configuration;

namespace Portico.Linkis;

/// <summary>
/// The four routes Linkis's gateway registers (§1.1), added after the configured routes when Linkis mode is on. Their
/// URIs point at the gateway's own application, a placeholder the Linkis routing filter replaces per request; the
/// route metadata key <see cref="MetadataKey"/> marks them for the Linkis filters.
/// </summary>
public static class LinkisRoutes
{
    /// <summary>Route metadata key whose presence marks a Linkis route; its value is the route's role (a route id below).</summary>
    public const string MetadataKey = "linkis-route";

    /// <summary>Normal REST traffic: <c>/api/**</c>.</summary>
    public const string Api = "api";

    /// <summary>The legacy static proxy: <c>/dws/**</c>.</summary>
    public const string Dws = "dws";

    /// <summary>The SockJS info probe: <c>/ws/info/**</c>.</summary>
    public const string WebSocketInfo = "ws_http";

    /// <summary>WebSocket multiplexing: <c>/ws/**</c> (an <c>lb:ws://</c> route).</summary>
    public const string WebSocket = "ws";

    /// <summary>
    /// Validates the <c>linkis</c> section (<see cref="LinkisConfig"/>) and, when Linkis mode is on and the settings are valid, returns the
    /// configuration with the Linkis routes appended. Problems are added to <paramref name="errors"/>.
    /// </summary>
    public static PorticoConfig Apply(PorticoConfig config, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        var linkis = config.Linkis;
        if (!linkis.Enabled)
        {
            return config;
        }

        var before = errors.Count;
        Validate(linkis, errors);
        if (errors.Count > before)
        {
            return config;
        }

        var routes = new List<RouteConfig>(config.Routes.Count + 4);
        routes.AddRange(config.Routes);
        routes.AddRange(Create(linkis));
        return config with { Routes = routes };
    }

    /// <summary>The Linkis routes for <paramref name="linkis"/>, in matching order.</summary>
    public static IReadOnlyList<RouteConfig> Create(LinkisConfig linkis)
    {
        ArgumentNullException.ThrowIfNull(linkis);
        var socket = linkis.SocketUri.TrimEnd('/') + "/";
        var target = "lb://" + linkis.GatewayApplication;
        return
        [
            Route(Api, target, "/api/**"),
            Route(Dws, target, "/dws/**"),
            Route(WebSocketInfo, target, socket + "info/**"),
            Route(WebSocket, "lb:ws://" + linkis.GatewayApplication, socket + "**"),
        ];
    }

    private static RouteConfig Route(string id, string uri, string pattern) => new()
    {
        Id = id,
        Uri = uri,
        Predicates = [new ComponentConfig("Path", [pattern], new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase))],
        Metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [MetadataKey] = id },
    };

    private static void Validate(LinkisConfig c, List<ConfigError> errors)
    {
        if (!IsApplicationName(c.GatewayApplication))
        {
            errors.Add(Error("gateway-application", c.GatewayApplication, "is not a valid application name.", "Use letters, digits, '-' and '.', as in linkis-mg-gateway."));
        }

        if (!Regex.IsMatch(c.ServerVersion, "^v[0-9]+$", RegexOptions.CultureInvariant))
        {
            errors.Add(Error("server-version", c.ServerVersion, "is not a REST version.", "Write v followed by digits, such as v1."));
        }

        RequirePath(c.RestPrefix, "rest-prefix", "/api/rest_j/v1", errors);
        RequirePath(c.UserUri, "user-uri", "/api/rest_j/v1/user", errors);
        RequirePath(c.SocketUri, "socket-uri", "/ws", errors);
        foreach (var (field, value) in new[]
        {
            ("entrance-name", c.EntranceName), ("engine-conn-manager-name", c.EngineConnManagerName),
            ("public-service-name", c.PublicServiceName), ("data-source-name", c.DataSourceName),
            ("manager-name", c.ManagerName), ("context-service-name", c.ContextServiceName),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(Error(field, value, "is empty.", "Name the application as it is registered."));
            }
        }

        if (c.MaxBufferSize <= 0 || c.MaxBufferSize > Array.MaxLength)
        {
            errors.Add(Error("max-buffer-size", c.MaxBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be between 1 byte and {Array.MaxLength} bytes.", "Write bytes or a size such as 128MB."));
        }

        if (c.ThisUrl.Length > 0 && (!Uri.TryCreate(c.ThisUrl, UriKind.Absolute, out var thisUrl) || thisUrl.Scheme is not ("http" or "https")))
        {
            errors.Add(Error("this-url", c.ThisUrl, "is not an absolute http or https URL.", "Write the URL backends should use to reach the gateway, such as http://gateway:9001, or leave it empty."));
        }

        if (c.ThisSchema.Length > 0 && c.ThisSchema is not ("http" or "https"))
        {
            errors.Add(Error("this-schema", c.ThisSchema, "is not http or https.", "Write http or https, or leave it empty to use the request's scheme."));
        }

        if (c.GatewayInstance.Length > 0 && !LinkisNode.TryParseInstance(c.GatewayInstance, out _, out _))
        {
            errors.Add(Error("gateway-instance", c.GatewayInstance, "is not host:port.", "Write the address this node announces, such as gw1.example.org:9001, or leave it empty."));
        }

        if (c.RegistryRefreshWait < TimeSpan.Zero)
        {
            errors.Add(Error("registry-refresh-wait", c.RegistryRefreshWait.ToString(), "is negative.", "Write a duration such as 30s."));
        }

        if (c.WebSocketMaxFrameLength <= 0)
        {
            errors.Add(Error("web-socket-max-frame-length", c.WebSocketMaxFrameLength.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be positive.", "Write bytes or a size such as 640KB."));
        }

        if (c.WebSocketMaxMessageSize <= 0)
        {
            errors.Add(Error("web-socket-max-message-size", c.WebSocketMaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be positive.", "Write bytes or a size such as 1MB."));
        }

        if (c.WebSocketHeartbeat <= TimeSpan.Zero)
        {
            errors.Add(Error("web-socket-heartbeat", c.WebSocketHeartbeat.ToString(), "must be positive.", "Write a duration such as 5s."));
        }
    }

    private static void RequirePath(string value, string field, string example, List<ConfigError> errors)
    {
        if (value.Length < 2 || value[0] != '/' || value.Contains('?', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal))
        {
            errors.Add(Error(field, value, "is not a path.", $"Write a path starting with '/', such as {example}."));
        }
    }

    private static bool IsApplicationName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static ConfigError Error(string field, string value, string problem, string fix) =>
        new(null, "linkis." + field, $"'{value}' {problem}", fix);
}
