namespace Portico.Discovery;

/// <summary>
/// The gateway's view of registered service instances. Routing reads <see cref="Current"/>, an immutable snapshot
/// swapped atomically on every change, so the request path never locks or touches storage.
/// </summary>
public interface IServiceRegistry
{
    /// <summary>The current snapshot.</summary>
    RegistrySnapshot Current { get; }

    /// <summary>
    /// Raised after a new snapshot has been published (registrations, heartbeats, status and metadata changes,
    /// evictions, configuration reloads, mirror updates), in version order. Handlers run on the writer's thread while the
    /// registry holds its write lock: keep them quick and do not write to the registry from them.
    /// </summary>
    event Action<RegistrySnapshot>? Changed;
}

/// <summary>An immutable view of the registry at one moment.</summary>
public sealed class RegistrySnapshot
{
    private readonly Dictionary<string, ServiceInstance[]> _byApp;

    /// <summary>Creates a snapshot from instances grouped by application name (case-insensitive).</summary>
    public RegistrySnapshot(IEnumerable<ServiceInstance> instances, long version)
    {
        ArgumentNullException.ThrowIfNull(instances);
        _byApp = instances
            .GroupBy(i => i.AppName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToArray(), StringComparer.OrdinalIgnoreCase);
        Version = version;
    }

    /// <summary>
    /// Creates a snapshot over arrays already grouped by application, each sorted by instance id. The registry builds
    /// snapshots this way so a change to one application reuses every other application's array.
    /// </summary>
    internal RegistrySnapshot(long version, Dictionary<string, ServiceInstance[]> byApp)
    {
        _byApp = byApp;
        Version = version;
    }

    /// <summary>An empty snapshot.</summary>
    public static RegistrySnapshot Empty { get; } = new([], 0);

    /// <summary>Incremented on every change.</summary>
    public long Version { get; }

    /// <summary>Application names.</summary>
    public IEnumerable<string> Applications => _byApp.Keys;

    /// <summary>All instances of <paramref name="appName"/> (any status), ordered by instance id; empty when unknown.</summary>
    public IReadOnlyList<ServiceInstance> GetInstances(string appName) =>
        _byApp.TryGetValue(appName, out var list) ? list : [];

    /// <summary>Every instance of every application.</summary>
    public IEnumerable<ServiceInstance> All => _byApp.Values.SelectMany(v => v);

    /// <summary>The number of instances of every application.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var list in _byApp.Values)
            {
                count += list.Length;
            }

            return count;
        }
    }

    /// <summary>The instance <paramref name="instanceId"/> of <paramref name="appName"/>, or null.</summary>
    public ServiceInstance? Find(string appName, string instanceId)
    {
        if (!_byApp.TryGetValue(appName, out var list))
        {
            return null;
        }

        foreach (var instance in list)
        {
            if (string.Equals(instance.InstanceId, instanceId, StringComparison.Ordinal))
            {
                return instance;
            }
        }

        return null;
    }

    /// <summary>The arrays by application, for the registry's incremental rebuilds.</summary>
    internal Dictionary<string, ServiceInstance[]> ByApp => _byApp;
}
