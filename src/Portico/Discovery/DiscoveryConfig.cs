namespace Portico.Discovery;

/// <summary>
/// Service registry settings (<c>discovery</c> under the <c>Portico</c> section): static instances, lease defaults,
/// who may register and read, the Eureka-compatible server API, the Eureka client mode and the store. Read at start-up
/// and on every reload with the rest of the configuration, except <see cref="Store"/> and
/// <see cref="EurekaServerConfig.Enabled"/>, which take effect at start-up.
/// </summary>
/// <example>
/// <code language="yaml">
/// portico:
///   discovery:
///     static:                      # app name: instances (never expire)
///       orders:
///         - { host: 10.0.0.5, port: 8080, weight: 2, metadata: { route: et1 } }
///         - { uri: https://10.0.0.6:8443, id: orders-b }
///     services:                    # the same as a flat list
///       - { app: billing, host: billing.internal, port: 80 }
///     lease-renewal-interval: 30s  # defaults for registrations that do not say
///     lease-duration: 90s
///     eviction-interval: 30s
///     access:
///       trusted-networks: [ 10.0.0.0/8 ]   # may register (loopback always may, unless allow-loopback: false)
///       read-networks: [ 192.168.0.0/16 ]  # may only read
///       username: eureka                   # optional basic credentials, required of every client when set
///       password: change-me
///     eureka: { enabled: true }            # serve /eureka and /eureka/v2
///     eureka-client:                       # mirror an external Eureka server
///       server-urls: [ "http://eureka:8761/eureka/" ]
///       fetch-interval: 30s
///       apps: [ ORDERS, BILLING ]
///     store:
///       directory: /var/lib/portico        # keep registrations in registry.json across restarts
/// </code>
/// </example>
public sealed record DiscoveryConfig
{
    /// <summary>
    /// Instances from configuration, from <c>discovery.static.&lt;app&gt;: [ {host, port, scheme, id, weight, metadata} ]</c>
    /// and from the list <c>discovery.services: [ {app, host, port, ...} ]</c>. They never expire.
    /// </summary>
    public IReadOnlyList<StaticInstanceConfig> Instances { get; init; } = [];

    /// <summary>How often instances are told to renew when they register without saying (Eureka: 30 s).</summary>
    public TimeSpan LeaseRenewalInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a lease lasts without a heartbeat when the instance registers without saying (Eureka: 90 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How often expired leases are looked for; an instance goes at most this long after its lease expires.</summary>
    public TimeSpan EvictionInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long changes stay in the delta served at <c>/eureka/apps/delta</c> (Eureka: 3 minutes).</summary>
    public TimeSpan DeltaRetention { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Who may register (write) and read the registry.</summary>
    public RegistryAccessConfig Access { get; init; } = new();

    /// <summary>The Eureka-compatible server API under <c>/eureka</c>.</summary>
    public EurekaServerConfig Eureka { get; init; } = new();

    /// <summary>Mirroring of an external Eureka server.</summary>
    public EurekaClientConfig EurekaClient { get; init; } = new();

    /// <summary>Where registrations are kept.</summary>
    public RegistryStoreConfig Store { get; init; } = new();

    /// <inheritdoc />
    public bool Equals(DiscoveryConfig? other) =>
        other is not null
        && Instances.SequenceEqual(other.Instances)
        && LeaseRenewalInterval == other.LeaseRenewalInterval
        && LeaseDuration == other.LeaseDuration
        && EvictionInterval == other.EvictionInterval
        && DeltaRetention == other.DeltaRetention
        && Access == other.Access
        && Eureka == other.Eureka
        && EurekaClient == other.EurekaClient
        && Store == other.Store;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instances.Count, LeaseDuration, Access, EurekaClient);
}

/// <summary>One instance from configuration.</summary>
public sealed record StaticInstanceConfig
{
    /// <summary>The application (service) name.</summary>
    public string App { get; init; } = "";

    /// <summary>The instance id; <c>host:port</c> when not given.</summary>
    public string Id { get; init; } = "";

    /// <summary>Host name or IP address.</summary>
    public string Host { get; init; } = "";

    /// <summary>Port.</summary>
    public int Port { get; init; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>Weight for weighted load balancing.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Status; normally UP.</summary>
    public InstanceStatus Status { get; init; } = InstanceStatus.Up;

    /// <summary>Metadata key/values (e.g. Linkis's <c>route</c> label).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public bool Equals(StaticInstanceConfig? other) =>
        other is not null
        && string.Equals(App, other.App, StringComparison.Ordinal)
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(Host, other.Host, StringComparison.Ordinal)
        && Port == other.Port
        && string.Equals(Scheme, other.Scheme, StringComparison.Ordinal)
        && Weight == other.Weight
        && Status == other.Status
        && InstanceEquality.SameMetadata(Metadata, other.Metadata);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(App, Id, Host, Port);
}

/// <summary>
/// Who may use the registry APIs. Writes (register, renew, cancel, status, metadata) need a trusted source: loopback or
/// an address in <see cref="TrustedNetworks"/>. Reads need loopback or an address in <see cref="TrustedNetworks"/> or
/// <see cref="ReadNetworks"/>. When <see cref="Username"/> is set, every request must also carry these HTTP basic
/// credentials (Eureka clients send them from their service URL, <c>http://user:password@gateway/eureka/</c>).
/// The client address is the connection's; forwarded headers are not trusted.
/// </summary>
public sealed record RegistryAccessConfig
{
    /// <summary>CIDR ranges (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) or single addresses allowed to register.</summary>
    public IReadOnlyList<string> TrustedNetworks { get; init; } = [];

    /// <summary>CIDR ranges or addresses allowed to read the registry in addition to the trusted ones.</summary>
    public IReadOnlyList<string> ReadNetworks { get; init; } = [];

    /// <summary>Whether loopback clients are trusted (the default); turn off to require a listed network.</summary>
    public bool AllowLoopback { get; init; } = true;

    /// <summary>The basic-auth user name required of registry clients; none when empty.</summary>
    public string Username { get; init; } = "";

    /// <summary>The basic-auth password.</summary>
    public string Password { get; init; } = "";

    /// <inheritdoc />
    public bool Equals(RegistryAccessConfig? other) =>
        other is not null
        && TrustedNetworks.SequenceEqual(other.TrustedNetworks)
        && ReadNetworks.SequenceEqual(other.ReadNetworks)
        && AllowLoopback == other.AllowLoopback
        && string.Equals(Username, other.Username, StringComparison.Ordinal)
        && string.Equals(Password, other.Password, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TrustedNetworks.Count, ReadNetworks.Count, Username);

    // The password must never reach a log line through the record's generated ToString.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("TrustedNetworks = [").AppendJoin(", ", TrustedNetworks)
            .Append("], ReadNetworks = [").AppendJoin(", ", ReadNetworks)
            .Append("], AllowLoopback = ").Append(AllowLoopback)
            .Append(", Username = ").Append(Username)
            .Append(", Password = ").Append(Password.Length == 0 ? "" : "***");
        return true;
    }
}

/// <summary>The Eureka-compatible server API (<c>/eureka/apps</c> and <c>/eureka/v2/apps</c>).</summary>
public sealed record EurekaServerConfig
{
    /// <summary>Serve the Eureka API; turn off to proxy <c>/eureka</c> paths through routes instead. Read at start-up.</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>
/// Eureka client mode: mirrors the applications of an external Eureka server (a full fetch, then deltas reconciled by
/// the server's hash code) into the registry, so routes can use <c>lb://</c> names of an existing Eureka platform.
/// </summary>
public sealed record EurekaClientConfig
{
    /// <summary>
    /// Eureka service URLs, tried in order (e.g. <c>http://user:password@eureka:8761/eureka/</c>). Mirroring is on when
    /// at least one is given.
    /// </summary>
    public IReadOnlyList<string> ServerUrls { get; init; } = [];

    /// <summary>How often the registry is fetched (Eureka clients: 30 s).</summary>
    public TimeSpan FetchInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one fetch.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Application names to mirror (case-insensitive); all when empty.</summary>
    public IReadOnlyList<string> Apps { get; init; } = [];

    /// <summary>Fetch deltas after the first full fetch; when off every fetch is a full one.</summary>
    public bool UseDelta { get; init; } = true;

    /// <inheritdoc />
    public bool Equals(EurekaClientConfig? other) =>
        other is not null
        && ServerUrls.SequenceEqual(other.ServerUrls)
        && FetchInterval == other.FetchInterval
        && Timeout == other.Timeout
        && Apps.SequenceEqual(other.Apps)
        && UseDelta == other.UseDelta;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ServerUrls.Count, FetchInterval, Apps.Count);

    // Service URLs can carry credentials.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ServerUrls = ").Append(ServerUrls.Count)
            .Append(", FetchInterval = ").Append(FetchInterval)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", Apps = [").AppendJoin(", ", Apps)
            .Append("], UseDelta = ").Append(UseDelta);
        return true;
    }
}

/// <summary>Where registrations are kept. Read at start-up.</summary>
public sealed record RegistryStoreConfig
{
    /// <summary>
    /// A data directory for <c>registry.json</c>; registrations then survive a restart (each gets a fresh lease on
    /// load). Empty keeps registrations in memory only, like a single Eureka server.
    /// </summary>
    public string Directory { get; init; } = "";
}
