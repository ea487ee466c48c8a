using Portico.Discovery;

namespace Portico.Health;

/// <summary>
/// A read-only view of the health the gateway has observed for each registered instance: active probe results,
/// passive ejections and the reason for the last change. Backs the admin API and the <c>portico.instance.healthy</c> gauge.
/// </summary>
public interface IInstanceHealthView
{
    /// <summary>Whether <paramref name="instance"/> of <paramref name="serviceId"/> passes its health checks (unchecked instances do).</summary>
    bool IsHealthy(string serviceId, ServiceInstance instance);

    /// <summary>The health of one instance.</summary>
    InstanceHealthReport GetReport(string serviceId, ServiceInstance instance);

    /// <summary>The health of every registered instance, ordered by service then instance id.</summary>
    IReadOnlyList<InstanceHealthReport> GetReports();
}

/// <summary>The result of active health checks on an instance.</summary>
public enum ActiveHealthState
{
    /// <summary>Not probed yet, or the service has no active checks; counts as healthy.</summary>
    Unknown,

    /// <summary>The probes pass.</summary>
    Healthy,

    /// <summary>The probes fail; the instance receives no traffic.</summary>
    Unhealthy,
}

/// <summary>The observed health of one instance.</summary>
/// <param name="ServiceId">The service.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="Authority">The instance's <c>host:port</c>.</param>
/// <param name="RegistryStatus">The status the registry reports.</param>
/// <param name="Healthy">Whether the instance passes its health checks (not ejected, active state not unhealthy).</param>
/// <param name="Active">The active-check state.</param>
/// <param name="EjectedUntil">When a passive ejection ends, or null when the instance is not ejected.</param>
/// <param name="Ejections">Ejections in the current run of repeated ejections (the reactivation period doubles with each).</param>
/// <param name="ConsecutiveFailures">Failed requests since the last success.</param>
/// <param name="Reason">Why the health last changed, or null when it never has.</param>
/// <param name="ChangedAt">When the health last changed, or null when it never has.</param>
public sealed record InstanceHealthReport(
    string ServiceId,
    string InstanceId,
    string Authority,
    InstanceStatus RegistryStatus,
    bool Healthy,
    ActiveHealthState Active,
    DateTimeOffset? EjectedUntil,
    int Ejections,
    int ConsecutiveFailures,
    string? Reason,
    DateTimeOffset? ChangedAt);
