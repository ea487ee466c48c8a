namespace Portico.Health;

/// <summary>Health checking of a service's instances (<c>services.&lt;service-id&gt;.health</c>).</summary>
public sealed record HealthConfig
{
    /// <summary>Periodic HTTP probes; off until a probe <c>path</c> is set.</summary>
    public ActiveHealthCheckConfig Active { get; init; } = new();

    /// <summary>Ejection of instances whose real traffic fails.</summary>
    public PassiveHealthCheckConfig Passive { get; init; } = new();

    /// <summary>What to do when every instance allowed for a request is unhealthy.</summary>
    public AllUnhealthyBehavior AllUnhealthy { get; init; } = AllUnhealthyBehavior.Fail;
}

/// <summary>What the load balancer does when every candidate instance is unhealthy.</summary>
public enum AllUnhealthyBehavior
{
    /// <summary>Answer 503 (or 404 with <c>loadbalancer.use404</c>).</summary>
    Fail,

    /// <summary>Ignore health and balance over all candidates, on the view that health checks are more likely wrong than every instance.</summary>
    Panic,
}

/// <summary>Active health checks: an HTTP GET of <see cref="Path"/> on every UP instance each <see cref="Interval"/>.</summary>
public sealed record ActiveHealthCheckConfig
{
    /// <summary>Probe path such as <c>/actuator/health</c>; null or empty turns active checks off.</summary>
    public string? Path { get; init; }

    /// <summary>Time between probe rounds.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a probe's response headers; longer counts as a failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Statuses that count as healthy: ranges and codes separated by commas, e.g. <c>200-399</c> or <c>200,204</c>.</summary>
    public string HealthyStatuses { get; init; } = "200-399";

    /// <summary>Consecutive successful probes that make an unhealthy instance healthy again.</summary>
    public int HealthyThreshold { get; init; } = 2;

    /// <summary>Consecutive failed probes that make a healthy instance unhealthy.</summary>
    public int UnhealthyThreshold { get; init; } = 3;
}

/// <summary>
/// Passive health checks: an instance whose requests fail (transport failure or 5xx) is ejected for a reactivation
/// period that doubles on each repeated ejection, up to <see cref="MaxReactivationPeriod"/>.
/// </summary>
public sealed record PassiveHealthCheckConfig
{
    /// <summary>Whether passive checks run.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Consecutive failures that eject an instance; 0 turns this rule off.</summary>
    public int ConsecutiveFailures { get; init; } = 5;

    /// <summary>Share of failed requests within <see cref="Window"/> (0 to 1) that ejects an instance; 0 turns this rule off.</summary>
    public double FailureRate { get; init; } = 0.5;

    /// <summary>The sliding window over which <see cref="FailureRate"/> is measured.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests needed within <see cref="Window"/> before <see cref="FailureRate"/> is judged.</summary>
    public int MinRequests { get; init; } = 10;

    /// <summary>How long the first ejection lasts.</summary>
    public TimeSpan ReactivationPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest an ejection lasts however often it repeats. An instance that stays in service this long after its
    /// last ejection starts again from <see cref="ReactivationPeriod"/>.
    /// </summary>
    public TimeSpan MaxReactivationPeriod { get; init; } = TimeSpan.FromMinutes(5);
}
