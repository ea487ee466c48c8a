namespace Portico.Discovery;

/// <summary>The registry status of an instance, as Eureka names them.</summary>
public enum InstanceStatus
{
    /// <summary>Ready to receive traffic.</summary>
    Up,

    /// <summary>Not working.</summary>
    Down,

    /// <summary>Starting; not ready yet.</summary>
    Starting,

    /// <summary>Taken out of service on purpose.</summary>
    OutOfService,

    /// <summary>Status unknown.</summary>
    Unknown,
}

/// <summary>One registered instance of an application. Immutable; a change produces a new record.</summary>
public sealed record ServiceInstance
{
    /// <summary>Application (service) name; compared case-insensitively.</summary>
    public required string AppName { get; init; }

    /// <summary>Instance id, unique within the application.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Host name or IP address.</summary>
    public required string Host { get; init; }

    /// <summary>Port.</summary>
    public required int Port { get; init; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>Registry status.</summary>
    public InstanceStatus Status { get; init; } = InstanceStatus.Up;

    /// <summary>Metadata key/values (e.g. Linkis's <c>route</c> label, <c>weight</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>Weight for weighted load balancing; 1 unless metadata or registration says otherwise.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>When the instance registered.</summary>
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>When the instance last renewed its lease.</summary>
    public DateTimeOffset LastHeartbeat { get; init; }

    /// <summary>How long the lease lasts without a heartbeat; <see cref="TimeSpan.Zero"/> never expires (static instances).</summary>
    public TimeSpan LeaseDuration { get; init; }

    /// <summary>Where the instance came from: <c>static</c>, <c>native</c>, <c>eureka</c> or <c>eureka-client</c>.</summary>
    public string Source { get; init; } = "static";

    /// <summary>The status the instance itself last reported; <see cref="Status"/> differs only while an override is set.</summary>
    public InstanceStatus ReportedStatus { get; init; } = InstanceStatus.Up;

    /// <summary>A status set by an operator (Eureka's <c>overriddenStatus</c>); while set it wins over the reported one.</summary>
    public InstanceStatus? OverriddenStatus { get; init; }

    /// <summary>How often the instance promised to renew its lease (informational; Eureka's <c>renewalIntervalInSecs</c>).</summary>
    public TimeSpan RenewalInterval { get; init; }

    /// <summary>When the registry last changed anything about the instance other than its heartbeat.</summary>
    public DateTimeOffset LastUpdated { get; init; }

    /// <summary>Descriptive registration fields kept so registry clients (Eureka's among them) see what was registered.</summary>
    public InstanceDetails Details { get; init; } = InstanceDetails.None;

    /// <summary><c>host:port</c>, the form <c>FIXED_INSTANCE</c> and Linkis use.</summary>
    public string Authority => $"{Host}:{Port}";

    /// <summary>Whether the instance uses TLS.</summary>
    public bool IsSecure => string.Equals(Scheme, "https", StringComparison.OrdinalIgnoreCase);

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}

/// <summary>
/// Registration fields that routing does not need but registry clients expect back: addresses, ports as registered,
/// status and health URLs, VIP addresses and the data-centre name.
/// </summary>
public sealed record InstanceDetails
{
    /// <summary>No details (static instances and bare native registrations).</summary>
    public static InstanceDetails None { get; } = new();

    /// <summary>The IP address the instance registered; null when only a host name is known.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The plain-HTTP port as registered, and whether it is enabled; null when not registered.</summary>
    public int? NonSecurePort { get; init; }

    /// <summary>Whether <see cref="NonSecurePort"/> is enabled.</summary>
    public bool NonSecurePortEnabled { get; init; } = true;

    /// <summary>The TLS port as registered; null when not registered.</summary>
    public int? SecurePort { get; init; }

    /// <summary>Whether <see cref="SecurePort"/> is enabled.</summary>
    public bool SecurePortEnabled { get; init; }

    /// <summary>The URL a health checker should probe, when the instance published one.</summary>
    public string? HealthCheckUrl { get; init; }

    /// <summary>The TLS health URL, when the instance published one.</summary>
    public string? SecureHealthCheckUrl { get; init; }

    /// <summary>The status page URL.</summary>
    public string? StatusPageUrl { get; init; }

    /// <summary>The home page URL.</summary>
    public string? HomePageUrl { get; init; }

    /// <summary>Eureka's virtual address (usually the application name in lower case).</summary>
    public string? VipAddress { get; init; }

    /// <summary>Eureka's secure virtual address.</summary>
    public string? SecureVipAddress { get; init; }

    /// <summary>The data-centre name (<c>MyOwn</c> or <c>Amazon</c>).</summary>
    public string? DataCenterName { get; init; }

    /// <summary>The client's own "last changed" clock in Unix milliseconds (Eureka's <c>lastDirtyTimestamp</c>).</summary>
    public long? LastDirtyTimestamp { get; init; }
}
