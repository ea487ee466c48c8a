using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Health;

/// <summary>
/// The health of every instance the gateway has checked or sent traffic to, keyed by service and instance id. Active
/// probes and passive reports write here; the health selection step, the admin API and the gauge read here. An
/// instance without an entry has never failed and counts as healthy. Entries leave with their instance.
/// </summary>
internal sealed partial class InstanceHealthStore : IInstanceHealthView, IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, InstanceHealth>> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private readonly IServiceRegistry? _registry;
    private readonly ILogger<InstanceHealthStore> _logger;
    private readonly HealthMetrics? _metrics;

    public InstanceHealthStore(TimeProvider time, ILogger<InstanceHealthStore> logger, IServiceRegistry? registry = null, IMeterFactory? meterFactory = null)
    {
        _time = time;
        _logger = logger;
        _registry = registry;
        if (registry is not null)
        {
            registry.Changed += Prune;
        }

        _metrics = meterFactory is null ? null : new HealthMetrics(meterFactory, this);
    }

    internal HealthMetrics? Metrics => _metrics;

    public bool IsHealthy(string serviceId, ServiceInstance instance)
    {
        if (!TryGet(serviceId, instance.InstanceId, out var health))
        {
            return true;
        }

        var healthy = health.IsHealthy(_time, out var reactivated);
        if (reactivated)
        {
            LogReactivated(_logger, serviceId, instance.InstanceId, instance.Host, instance.Port);
        }

        return healthy;
    }

    /// <summary>Records the outcome of a request for passive health; <paramref name="detail"/> describes a failure.</summary>
    public void ReportRequest(string serviceId, ServiceInstance instance, bool failed, string? detail, PassiveHealthCheckConfig config)
    {
        if (!config.Enabled)
        {
            return;
        }

        var health = GetOrAdd(serviceId, instance.InstanceId);
        if (health.ReportRequest(failed, detail, config, _time.GetUtcNow().UtcTicks) == HealthTransition.Ejected)
        {
            LogEjected(_logger, serviceId, instance.InstanceId, instance.Host, instance.Port, health.Reason);
            _metrics?.RecordEjection(serviceId, instance.InstanceId);
        }
    }

    /// <summary>Records the result of an active probe.</summary>
    public void ReportProbe(string serviceId, ServiceInstance instance, bool success, string detail, ActiveHealthCheckConfig config)
    {
        var health = GetOrAdd(serviceId, instance.InstanceId);
        switch (health.ReportProbe(success, detail, config, _time.GetUtcNow().UtcTicks))
        {
            case HealthTransition.BecameHealthy:
                LogActiveHealthy(_logger, serviceId, instance.InstanceId, instance.Host, instance.Port, health.Reason);
                break;
            case HealthTransition.BecameUnhealthy:
                LogActiveUnhealthy(_logger, serviceId, instance.InstanceId, instance.Host, instance.Port, health.Reason);
                break;
            default:
                LogProbe(_logger, serviceId, instance.InstanceId, success, detail);
                break;
        }
    }

    public InstanceHealthReport GetReport(string serviceId, ServiceInstance instance)
    {
        var snapshot = TryGet(serviceId, instance.InstanceId, out var health)
            ? health.Snapshot(_time)
            : new InstanceHealthSnapshot(true, ActiveHealthState.Unknown, null, 0, 0, null, null);
        return new InstanceHealthReport(
            instance.AppName,
            instance.InstanceId,
            instance.Authority,
            instance.Status,
            snapshot.Healthy,
            snapshot.Active,
            snapshot.EjectedUntil,
            snapshot.Ejections,
            snapshot.ConsecutiveFailures,
            snapshot.Reason,
            snapshot.ChangedAt);
    }

    public IReadOnlyList<InstanceHealthReport> GetReports()
    {
        if (_registry is null)
        {
            return [];
        }

        var snapshot = _registry.Current;
        var reports = new List<InstanceHealthReport>();
        foreach (var app in snapshot.Applications.Order(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var instance in snapshot.GetInstances(app))
            {
                reports.Add(GetReport(app, instance));
            }
        }

        return reports;
    }

    public void Dispose()
    {
        if (_registry is not null)
        {
            _registry.Changed -= Prune;
        }
    }

    internal void Prune(RegistrySnapshot snapshot)
    {
        foreach (var (serviceId, instances) in _services)
        {
            var registered = snapshot.GetInstances(serviceId);
            foreach (var id in instances.Keys)
            {
                var found = false;
                for (var i = 0; i < registered.Count && !found; i++)
                {
                    found = registered[i].InstanceId == id;
                }

                if (!found)
                {
                    instances.TryRemove(id, out _);
                }
            }
        }
    }

    private bool TryGet(string serviceId, string instanceId, out InstanceHealth health)
    {
        if (_services.TryGetValue(serviceId, out var instances) && instances.TryGetValue(instanceId, out var found))
        {
            health = found;
            return true;
        }

        health = null!;
        return false;
    }

    private InstanceHealth GetOrAdd(string serviceId, string instanceId)
    {
        return _services.GetOrAdd(serviceId, static _ => new ConcurrentDictionary<string, InstanceHealth>(StringComparer.Ordinal))
            .GetOrAdd(instanceId, static _ => new InstanceHealth());
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Health + 1, Level = LogLevel.Warning, Message = "Service {ServiceId}: instance {InstanceId} ({Host}:{Port}) {Reason}")]
    private static partial void LogEjected(ILogger logger, string serviceId, string instanceId, string host, int port, string? reason);

    [LoggerMessage(EventId = Logging.EventIdRanges.Health + 2, Level = LogLevel.Information, Message = "Service {ServiceId}: instance {InstanceId} ({Host}:{Port}) reactivated after its ejection period")]
    private static partial void LogReactivated(ILogger logger, string serviceId, string instanceId, string host, int port);

    [LoggerMessage(EventId = Logging.EventIdRanges.Health + 3, Level = LogLevel.Warning, Message = "Service {ServiceId}: instance {InstanceId} ({Host}:{Port}) is unhealthy: {Reason}")]
    private static partial void LogActiveUnhealthy(ILogger logger, string serviceId, string instanceId, string host, int port, string? reason);

    [LoggerMessage(EventId = Logging.EventIdRanges.Health + 4, Level = LogLevel.Information, Message = "Service {ServiceId}: instance {InstanceId} ({Host}:{Port}) is healthy: {Reason}")]
    private static partial void LogActiveHealthy(ILogger logger, string serviceId, string instanceId, string host, int port, string? reason);

    [LoggerMessage(EventId = Logging.EventIdRanges.Health + 5, Level = LogLevel.Debug, Message = "Service {ServiceId}: probe of instance {InstanceId} succeeded={Success}: {Detail}")]
    private static partial void LogProbe(ILogger logger, string serviceId, string instanceId, bool success, string detail);
}
