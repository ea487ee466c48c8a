using System.Globalization;
using Portico.Configuration;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.Routing;

/// <summary>
/// Validates a <see cref="PorticoConfig"/> and compiles it into a <see cref="RouteTable"/> of the routes' own filters,
/// collecting every problem rather than stopping at the first. It takes no global filter, so the configuration's
/// loader (<see cref="GatewayConfigManager"/>) sits below the global filters; <see cref="RouteTableBuilder"/> adds them.
/// </summary>
internal sealed class RouteCompiler
{
    private static readonly string[] SupportedSchemes = ["http", "https", "ws", "wss", "lb", "forward"];
    private readonly Dictionary<string, IRoutePredicateFactory> _predicates;
    private readonly Dictionary<string, IGatewayFilterFactory> _filters;

    public RouteCompiler(IEnumerable<IRoutePredicateFactory> predicates, IEnumerable<IGatewayFilterFactory> filters)
    {
        // Later registrations win, so a user's factory replaces a built-in one of the same name.
        _predicates = new Dictionary<string, IRoutePredicateFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in predicates)
        {
            _predicates[p.Name] = p;
        }

        _filters = new Dictionary<string, IGatewayFilterFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in filters)
        {
            _filters[f.Name] = f;
        }
    }

    public IReadOnlyCollection<IRoutePredicateFactory> PredicateFactories => _predicates.Values;

    public IReadOnlyCollection<IGatewayFilterFactory> FilterFactories => _filters.Values;

    /// <summary>Builds the table; on any error returns null and the complete list of problems.</summary>
    public (RouteTable? Table, IReadOnlyList<ConfigError> Errors) Build(PorticoConfig config)
    {
        var errors = new List<ConfigError>();
        var context = new RouteBuildContext();
        var routes = new List<Route>(config.Routes.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var defaultVersion = ParseVersion(config.HttpClient.HttpVersion, null, "httpclient.http-version", errors);

        for (var i = 0; i < config.Routes.Count; i++)
        {
            var rc = config.Routes[i];
            var routeId = string.IsNullOrWhiteSpace(rc.Id) ? null : rc.Id;
            var label = routeId ?? $"routes[{i}]";
            if (routeId is null)
            {
                errors.Add(new ConfigError($"routes[{i}]", "id", "is missing.", "Give every route a unique 'id'."));
            }
            else if (!seen.Add(routeId))
            {
                errors.Add(new ConfigError(routeId, "id", "is used by more than one route.", "Give every route a unique 'id'."));
            }

            var uri = ParseUri(rc.Uri, label, errors, out var schemePrefix);
            var predicates = new IRoutePredicate[rc.Predicates.Count];
            for (var p = 0; p < rc.Predicates.Count; p++)
            {
                predicates[p] = CreatePredicate(rc.Predicates[p], label, $"predicates[{p}]", errors, context);
            }

            var filters = new List<OrderedFilter>(config.DefaultFilters.Count + rc.Filters.Count);
            var position = 0;
            for (var f = 0; f < config.DefaultFilters.Count; f++)
            {
                filters.Add(new OrderedFilter(CreateFilter(config.DefaultFilters[f], label, $"default-filters[{f}]", errors, context), ++position, IsGlobal: false));
            }

            for (var f = 0; f < rc.Filters.Count; f++)
            {
                filters.Add(new OrderedFilter(CreateFilter(rc.Filters[f], label, $"filters[{f}]", errors, context), ++position, IsGlobal: false));
            }

            // The positions are the orders, so the list is in order; RouteTableBuilder sorts in the global filters.
            var sorted = filters.ToArray();
            var http = ResolveHttpSettings(rc, config.HttpClient, defaultVersion, label, errors);
            if (uri is not null)
            {
                routes.Add(new Route(rc, uri, schemePrefix, predicates, sorted, http));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        context.Complete();
        var ordered = routes.Select((r, idx) => (r, idx)).OrderBy(x => x.r.Order).ThenBy(x => x.idx).Select(x => x.r).ToArray();
        return (new RouteTable(ordered), errors);
    }

    private IRoutePredicate CreatePredicate(ComponentConfig component, string routeId, string location, List<ConfigError> errors, RouteBuildContext context)
    {
        if (!_predicates.TryGetValue(component.Name, out var factory))
        {
            errors.Add(new ConfigError(routeId, location, $"unknown predicate '{component.Name}'.", Suggest(component.Name, _predicates.Keys, "predicate")));
            return NeverPredicate.Instance;
        }

        var args = ComponentArgs.Bind(component, factory.Shortcut, routeId, location, errors, context);
        try
        {
            return factory.Create(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add(new ConfigError(routeId, $"{location} ({factory.Name})", ex.Message, "Check the predicate's arguments."));
            return NeverPredicate.Instance;
        }
    }

    private IGatewayFilter CreateFilter(ComponentConfig component, string routeId, string location, List<ConfigError> errors, RouteBuildContext context)
    {
        if (!_filters.TryGetValue(component.Name, out var factory))
        {
            errors.Add(new ConfigError(routeId, location, $"unknown filter '{component.Name}'.", Suggest(component.Name, _filters.Keys, "filter")));
            return PassThroughFilter.Instance;
        }

        var args = ComponentArgs.Bind(component, factory.Shortcut, routeId, location, errors, context);
        try
        {
            return factory.Create(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add(new ConfigError(routeId, $"{location} ({factory.Name})", ex.Message, "Check the filter's arguments."));
            return PassThroughFilter.Instance;
        }
    }

    private static Uri? ParseUri(string text, string routeId, List<ConfigError> errors, out string? schemePrefix)
    {
        schemePrefix = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ConfigError(routeId, "uri", "is missing.", "Set 'uri' to http://host:port, lb://service, ws://host:port or forward:/path."));
            return null;
        }

        var candidate = text.Trim();

        // lb:ws://service carries its real scheme after a prefix (Spring's GATEWAY_SCHEME_PREFIX_ATTR).
        var colon = candidate.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon + 1 < candidate.Length && candidate[colon + 1] != '/' && !candidate.StartsWith("forward:", StringComparison.OrdinalIgnoreCase))
        {
            schemePrefix = candidate[..colon].ToLowerInvariant();
            candidate = candidate[(colon + 1)..];
            if (schemePrefix != "lb")
            {
                errors.Add(new ConfigError(routeId, "uri", $"'{text}' has an unknown scheme prefix '{schemePrefix}'.", "Only 'lb:' may prefix a scheme, as in lb:ws://service."));
                return null;
            }
        }

        if (candidate.StartsWith("forward:", StringComparison.OrdinalIgnoreCase))
        {
            var path = candidate["forward:".Length..].TrimStart('/');
            return new Uri("forward:///" + path);
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || !SupportedSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase) || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(new ConfigError(routeId, "uri", $"'{text}' is not a supported target.", "Use http(s)://host:port, ws(s)://host:port, lb://service, lb:ws://service or forward:/path."));
            return null;
        }

        if (schemePrefix is not null && uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            errors.Add(new ConfigError(routeId, "uri", $"'{text}' combines 'lb:' with '{uri.Scheme}'.", "Write lb://service or lb:ws://service."));
            return null;
        }

        return uri;
    }

    private static RouteHttpSettings ResolveHttpSettings(RouteConfig rc, HttpClientConfig defaults, Version defaultVersion, string routeId, List<ConfigError> errors)
    {
        var connect = defaults.ConnectTimeout;
        var response = defaults.ResponseTimeout;
        var version = defaultVersion;
        var maxBody = defaults.MaxRequestBodySize;
        if (rc.Metadata.TryGetValue("connect-timeout", out var ct))
        {
            if (DurationParser.TryParse(ct, out var d) && d > TimeSpan.Zero)
            {
                connect = d;
            }
            else
            {
                errors.Add(new ConfigError(routeId, "metadata.connect-timeout", $"'{ct}' is not a positive duration.", "Write milliseconds (e.g. 2000) or a duration such as 2s."));
            }
        }

        if (rc.Metadata.TryGetValue("response-timeout", out var rt))
        {
            if (DurationParser.TryParseLimit(rt, out var limit))
            {
                response = limit;
            }
            else
            {
                errors.Add(new ConfigError(routeId, "metadata.response-timeout", $"'{rt}' is not a duration.", "Write milliseconds (e.g. 5000), a duration such as 5s, or 0, -1 or infinite for no timeout."));
            }
        }

        if (rc.Metadata.TryGetValue("max-request-body-size", out var mb))
        {
            if (DataSize.TryParse(mb, out var size))
            {
                maxBody = size;
            }
            else
            {
                errors.Add(new ConfigError(routeId, "metadata.max-request-body-size", $"'{mb}' is not a size.", "Write bytes or a size such as 10MB; 0 is unlimited."));
            }
        }

        if (rc.Metadata.TryGetValue("http-version", out var hv))
        {
            version = ParseVersion(hv, routeId, "metadata.http-version", errors);
        }

        return new RouteHttpSettings(connect, response, version, maxBody);
    }

    private static Version ParseVersion(string text, string? routeId, string field, List<ConfigError> errors)
    {
        switch (text.Trim())
        {
            case "1.1" or "1" or "HTTP/1.1":
                return System.Net.HttpVersion.Version11;
            case "2" or "2.0" or "HTTP/2" or "h2c":
                return System.Net.HttpVersion.Version20;
            default:
                errors.Add(new ConfigError(routeId, field, $"'{text}' is not a supported HTTP version.", "Write 1.1 or 2."));
                return System.Net.HttpVersion.Version11;
        }
    }

    private static string Suggest(string name, IEnumerable<string> known, string kind)
    {
        var nearest = Configuration.UnknownKeys.Nearest(name, known);
        var list = string.Join(", ", known.Order(StringComparer.Ordinal));
        return nearest is not null ? $"Did you mean '{nearest}'? Known {kind}s: {list}." : $"Known {kind}s: {list}.";
    }

    private sealed class NeverPredicate : IRoutePredicate
    {
        public static readonly NeverPredicate Instance = new();

        public bool Test(GatewayExchange exchange) => false;
    }

    private sealed class PassThroughFilter : IGatewayFilter
    {
        public static readonly PassThroughFilter Instance = new();

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain) => chain.FilterAsync(exchange);
    }
}
