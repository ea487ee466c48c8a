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

    /// <summary><c>host:port</c>, the form <c>FIXED_INSTANCE</c> and Linkis use.</summary>
    public string Authority => $"{Host}:{Port}";

    /// <summary>Whether the instance uses TLS.</summary>
    public bool IsSecure => string.Equals(Scheme, "https", StringComparison.OrdinalIgnoreCase);

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}
