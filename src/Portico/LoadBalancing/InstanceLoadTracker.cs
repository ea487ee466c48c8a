using System.Collections.Concurrent;
using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Counts the requests in flight to each instance through this gateway, for the load-aware policies. Entries are
/// keyed by service and instance id, so they survive the registry replacing an instance's record on a heartbeat,
/// and are dropped when the instance leaves the registry.
/// </summary>
internal sealed class InstanceLoadTracker : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, InstanceLoad>> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceRegistry? _registry;

    public InstanceLoadTracker(IServiceRegistry? registry = null)
    {
        _registry = registry;
        if (registry is not null)
        {
            registry.Changed += Prune;
        }
    }

    /// <summary>The load entry of <paramref name="instance"/>, created on first use.</summary>
    public InstanceLoad Get(string serviceId, ServiceInstance instance)
    {
        var service = _services.GetOrAdd(serviceId, static _ => new ConcurrentDictionary<string, InstanceLoad>(StringComparer.Ordinal));
        var load = service.GetOrAdd(instance.InstanceId, static (_, i) => new InstanceLoad(i), instance);
        load.Refresh(instance);
        return load;
    }

    public int GetActiveRequests(string serviceId, ServiceInstance instance) => GetActiveRequests(serviceId, instance.InstanceId);

    public int GetActiveRequests(string serviceId, string instanceId) =>
        _services.TryGetValue(serviceId, out var service) && service.TryGetValue(instanceId, out var load) ? load.ActiveRequests : 0;

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
                if (!Contains(registered, id))
                {
                    instances.TryRemove(id, out _);
                }
            }
        }
    }

    private static bool Contains(IReadOnlyList<ServiceInstance> instances, string instanceId)
    {
        for (var i = 0; i < instances.Count; i++)
        {
            if (instances[i].InstanceId == instanceId)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Requests in flight to one instance, and its address formatted once for request URLs.</summary>
internal sealed class InstanceLoad
{
    private int _active;
    private string _host;
    private int _port;

    public InstanceLoad(ServiceInstance instance)
    {
        _host = instance.Host;
        _port = instance.Port;
        Authority = FormatAuthority(instance.Host, instance.Port);
    }

    public int ActiveRequests => Volatile.Read(ref _active);

    /// <summary><c>host:port</c>, with an IPv6 host in brackets.</summary>
    public string Authority { get; private set; }

    public void Increment() => Interlocked.Increment(ref _active);

    public void Decrement() => Interlocked.Decrement(ref _active);

    /// <summary>Follows a change of address under the same instance id (rare; the common path only compares).</summary>
    public void Refresh(ServiceInstance instance)
    {
        if (_port != instance.Port || !string.Equals(_host, instance.Host, StringComparison.Ordinal))
        {
            Authority = FormatAuthority(instance.Host, instance.Port);
            _host = instance.Host;
            _port = instance.Port;
        }
    }

    internal static string FormatAuthority(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
