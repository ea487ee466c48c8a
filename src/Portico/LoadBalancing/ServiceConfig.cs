using Portico.Health;

namespace Portico.LoadBalancing;

/// <summary>
/// How the gateway chooses, checks and retries the instances of one service (<c>services.&lt;service-id&gt;</c>, or
/// <c>service-defaults</c> for every service not listed).
/// </summary>
public sealed record ServiceConfig
{
    /// <summary>Name of the load-balancing policy (<see cref="LoadBalancingPolicies"/>, or a custom <see cref="ILoadBalancingPolicy"/>).</summary>
    public string LoadBalancer { get; init; } = LoadBalancingPolicies.PowerOfTwoChoices;

    /// <summary>Active and passive health checking.</summary>
    public HealthConfig Health { get; init; } = new();

    /// <summary>Pinning requests to one instance (<c>FIXED_INSTANCE</c> header or a sticky cookie).</summary>
    public AffinityConfig Affinity { get; init; } = new();

    /// <summary>Retrying requests that could not reach their instance.</summary>
    public RetryConfig Retry { get; init; } = new();

    /// <summary>Routing by instance labels (<c>labels</c>).</summary>
    public LabelRoutingConfig Labels { get; init; } = new();
}

/// <summary>How a request asks for a particular instance.</summary>
public enum AffinityMode
{
    /// <summary>A request header names the instance as <c>host:port</c> (Linkis's <c>FIXED_INSTANCE</c>).</summary>
    Header,

    /// <summary>A cookie set by the gateway keeps a client on the instance that first served it.</summary>
    Cookie,

    /// <summary>No affinity: every request is load balanced.</summary>
    None,
}

/// <summary>Instance affinity settings of a service.</summary>
public sealed record AffinityConfig
{
    /// <summary>The affinity mode; <see cref="AffinityMode.Header"/> by default.</summary>
    public AffinityMode Mode { get; init; } = AffinityMode.Header;

    /// <summary>Header naming the instance in <see cref="AffinityMode.Header"/> mode.</summary>
    public string HeaderName { get; init; } = "FIXED_INSTANCE";

    /// <summary>
    /// Cookie carrying an opaque instance key in <see cref="AffinityMode.Cookie"/> mode; when unset it is
    /// <c>portico-affinity-&lt;service-id&gt;</c>, so services never overwrite each other's cookie.
    /// </summary>
    public string? CookieName { get; init; }
}

/// <summary>
/// Retries of requests that could not reach their instance. A retry goes to another healthy instance and only happens
/// when it is safe: the connection failed before anything was sent, or no request body byte was read yet and the
/// method is idempotent or the request has a body the instance never received.
/// </summary>
public sealed record RetryConfig
{
    /// <summary>Most attempts per request, the first included; 1 disables retries.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>No new attempt starts once this much time has passed since the first one began.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
