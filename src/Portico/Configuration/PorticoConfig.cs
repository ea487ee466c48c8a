using System.Collections.Immutable;

namespace Portico.Configuration;

/// <summary>
/// The whole gateway configuration: an immutable snapshot read from the <c>Portico</c> section (or Spring's
/// <c>spring:cloud:gateway</c>), validated as one and swapped atomically on reload.
/// </summary>
public sealed record PorticoConfig
{
    /// <summary>The routes.</summary>
    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    /// <summary>Filters applied to every route, before the route's own (<c>default-filters</c>).</summary>
    public IReadOnlyList<ComponentConfig> DefaultFilters { get; init; } = [];

    /// <summary>Upstream HTTP client settings.</summary>
    public HttpClientConfig HttpClient { get; init; } = new();

    /// <summary><c>X-Forwarded-*</c> headers added to upstream requests (<c>x-forwarded</c>).</summary>
    public XForwardedConfig XForwarded { get; init; } = new();

    /// <summary>RFC 7239 <c>Forwarded</c> header added to upstream requests (<c>forwarded</c>).</summary>
    public ForwardedConfig Forwarded { get; init; } = new();

    /// <summary>WebSocket proxying settings.</summary>
    public WebSocketConfig WebSocket { get; init; } = new();

    /// <summary>Request metrics settings.</summary>
    public MetricsConfig Metrics { get; init; } = new();

    /// <summary>Access log settings.</summary>
    public AccessLogConfig AccessLog { get; init; } = new();

    /// <summary>Load-balancer settings.</summary>
    public LoadBalancerConfig LoadBalancer { get; init; } = new();

    /// <summary>Settings of the built-in route predicates (<c>predicate</c>).</summary>
    public PredicateSettingsConfig Predicate { get; init; } = new();

    /// <summary>Service registry settings (<c>discovery</c>).</summary>
    public Discovery.DiscoveryConfig Discovery { get; init; } = new();

    /// <summary>
    /// Directory for state the gateway keeps across restarts, such as Linkis sessions (<c>data-directory</c>); a relative
    /// path is taken from the content root. Read at start-up.
    /// </summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>
    /// Per-service load-balancing, health, affinity and retry settings (<c>services.&lt;service-id&gt;</c>), keyed by
    /// service id (case-insensitive). Each entry starts from <see cref="ServiceDefaults"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Portico.LoadBalancing.ServiceConfig> Services { get; init; } =
        new Dictionary<string, Portico.LoadBalancing.ServiceConfig>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Settings of every service not listed in <see cref="Services"/>, and the base of those listed (<c>service-defaults</c>).</summary>
    public Portico.LoadBalancing.ServiceConfig ServiceDefaults { get; init; } = new();

    /// <summary>The instance-label store (<c>labels</c>).</summary>
    public Portico.Labels.LabelsConfig Labels { get; init; } = new();

    /// <summary>
    /// The sections modules own (<see cref="IPorticoConfigSection"/>), keyed by their settings record's type; read
    /// them with <see cref="GetSection{T}"/>. Compared by value, as every other setting.
    /// </summary>
    public ImmutableDictionary<Type, object> Sections { get; init; } = ImmutableDictionary<Type, object>.Empty;

    /// <summary>
    /// Addresses and CIDR ranges of the proxies whose <c>X-Forwarded-For</c> and <c>Forwarded</c> headers are believed
    /// (<c>trusted-proxies</c>); none by default, loopback included.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Cross-origin resource sharing answered by the gateway (<c>cors</c>); off until origins are listed.</summary>
    public Portico.Security.Cors.CorsConfig Cors { get; init; } = new();

    /// <summary>JWT and API-key authentication that routes can require (<c>authentication</c>).</summary>
    public Portico.Security.Authentication.AuthenticationConfig Authentication { get; init; } = new();

    /// <inheritdoc />
    public bool Equals(PorticoConfig? other) =>
        other is not null
        && Routes.SequenceEqual(other.Routes)
        && DefaultFilters.SequenceEqual(other.DefaultFilters)
        && HttpClient == other.HttpClient
        && XForwarded == other.XForwarded
        && Forwarded == other.Forwarded
        && WebSocket == other.WebSocket
        && Metrics == other.Metrics
        && AccessLog == other.AccessLog
        && LoadBalancer == other.LoadBalancer
        && Predicate == other.Predicate
        && Discovery == other.Discovery
        && DataDirectory == other.DataDirectory
        && ServiceDefaults == other.ServiceDefaults
        && Services.Count == other.Services.Count
        && Services.All(s => other.Services.TryGetValue(s.Key, out var v) && v == s.Value)
        && SectionsEqual(Sections, other.Sections)
        && Labels == other.Labels
        && TrustedProxies.SequenceEqual(other.TrustedProxies)
        && Cors == other.Cors
        && Authentication == other.Authentication;

    /// <summary>The module section of type <typeparamref name="T"/>, or its defaults when the configuration has none.</summary>
    public T GetSection<T>()
        where T : class, new() =>
        Sections.TryGetValue(typeof(T), out var section) ? (T)section : DefaultSection<T>.Value;

    /// <summary>A copy of this configuration with the module section <paramref name="section"/> set.</summary>
    public PorticoConfig WithSection<T>(T section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        return this with { Sections = Sections.SetItem(typeof(T), section) };
    }

    // A section a configuration lacks equals its defaults, as an unset core setting does.
    private static bool SectionsEqual(ImmutableDictionary<Type, object> a, ImmutableDictionary<Type, object> b) =>
        ReferenceEquals(a, b)
        || a.Keys.Concat(b.Keys).Distinct().All(type => Equals(SectionOrDefault(a, type), SectionOrDefault(b, type)));

    private static object? SectionOrDefault(ImmutableDictionary<Type, object> sections, Type type) =>
        sections.TryGetValue(type, out var section) ? section : Activator.CreateInstance(type);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Routes.Count, DefaultFilters.Count, HttpClient);
}

/// <summary>The defaults of a module section no configuration set: one shared immutable record per type.</summary>
internal static class DefaultSection<T>
    where T : class, new()
{
    public static readonly T Value = new();
}

/// <summary>Upstream HTTP client settings (Spring's <c>httpclient</c>).</summary>
public sealed record HttpClientConfig
{
    /// <summary>Time allowed to open a connection to an upstream; past it the client gets 504.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The response timeout when none is configured. Without one, an instance that accepts connections and passes its
    /// probes but never answers holds every request sent to it for as long as clients wait, and since a client that
    /// gives up says nothing about the instance, passive health never ejects it. 30 s is below
    /// the patience of common clients and proxies in front (nginx waits 60 s), so the gateway sees the timeout first.
    /// </summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time allowed for the upstream's response headers; past it the client gets 504 and the instance is charged with a
    /// failure. Null (written <c>0</c>, <c>-1</c> or <c>infinite</c>) waits for as long as the client does.
    /// </summary>
    public TimeSpan? ResponseTimeout { get; init; } = DefaultResponseTimeout;

    /// <summary>
    /// How long an idle pooled upstream connection is kept. Shorter than common backend keep-alive timeouts
    /// (Node.js 5 s, nginx 75 s) so the gateway, not the backend, closes idle connections.
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum lifetime of a pooled connection, so DNS changes are eventually seen.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Maximum concurrent connections per upstream authority; 0 is unlimited.</summary>
    public int MaxConnectionsPerServer { get; init; }

    /// <summary>HTTP version used upstream: <c>1.1</c> or <c>2</c>. With <c>2</c> over <c>http</c> the gateway speaks h2c (prior knowledge).</summary>
    public string HttpVersion { get; init; } = "1.1";

    /// <summary>Accept any upstream TLS certificate (testing only).</summary>
    public bool DangerousAcceptAnyServerCertificate { get; init; }

    /// <summary>
    /// Largest request body the gateway accepts when a route sets no limit (413 beyond it); 0 is unlimited, as bodies
    /// are streamed rather than buffered.
    /// </summary>
    public long MaxRequestBodySize { get; init; }
}

/// <summary>Which <c>X-Forwarded-*</c> headers the gateway adds (Spring's <c>x-forwarded</c>).</summary>
public sealed record XForwardedConfig
{
    /// <summary>Master switch.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Add <c>X-Forwarded-For</c>.</summary>
    public bool ForEnabled { get; init; } = true;

    /// <summary>Add <c>X-Forwarded-Host</c>.</summary>
    public bool HostEnabled { get; init; } = true;

    /// <summary>Add <c>X-Forwarded-Port</c>.</summary>
    public bool PortEnabled { get; init; } = true;

    /// <summary>Add <c>X-Forwarded-Proto</c>.</summary>
    public bool ProtoEnabled { get; init; } = true;

    /// <summary>Add <c>X-Forwarded-Prefix</c> when a filter stripped a path prefix.</summary>
    public bool PrefixEnabled { get; init; } = true;

    /// <summary>Append to the values a client or earlier proxy sent rather than replace them.</summary>
    public bool Append { get; init; } = true;
}

/// <summary>RFC 7239 <c>Forwarded</c> header settings (Spring's <c>forwarded</c>).</summary>
public sealed record ForwardedConfig
{
    /// <summary>Add a <c>Forwarded</c> element for this hop.</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>WebSocket proxying settings.</summary>
public sealed record WebSocketConfig
{
    /// <summary>Interval of gateway-sent pings on both legs of an idle socket; null disables them.</summary>
    public TimeSpan? KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message the gateway relays, in bytes; larger ones close the socket with 1009.</summary>
    public int MaxMessageSize { get; init; } = 1024 * 1024;

    /// <summary>Time allowed for the close handshake when the gateway shuts down.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Request metrics settings (Spring's <c>metrics</c>).</summary>
public sealed record MetricsConfig
{
    /// <summary>Record <c>spring.cloud.gateway.requests</c>.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Add the request path as a <c>path</c> tag (can make many series; off by default).</summary>
    [ConfigAlias("tags.path.enabled")]
    public bool PathTagEnabled { get; init; }
}

/// <summary>Access log settings.</summary>
public sealed record AccessLogConfig
{
    /// <summary>Write one structured log line per request.</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>Load-balancer settings (Spring's <c>loadbalancer</c>).</summary>
public sealed record LoadBalancerConfig
{
    /// <summary>Answer 404 instead of 503 when a service has no available instance.</summary>
    public bool Use404 { get; init; }
}

/// <summary>Settings of the built-in route predicates (Spring's <c>predicate</c>).</summary>
public sealed record PredicateSettingsConfig
{
    /// <summary>Settings of the <c>Host</c> predicate.</summary>
    public HostPredicateConfig Host { get; init; } = new();
}

/// <summary>Settings of the <c>Host</c> predicate (Spring's <c>predicate.host</c>).</summary>
public sealed record HostPredicateConfig
{
    /// <summary>
    /// Match patterns against the whole <c>Host</c> header, port included (Spring's default), so <c>**.example.org</c>
    /// does not match <c>www.example.org:8080</c>. When false the port is removed before matching.
    /// </summary>
    public bool IncludePort { get; init; } = true;
}
