namespace Portico.Discovery;

/// <summary>
/// The default store: registrations live only as long as the process, as in a single Eureka server, and clients
/// register again (their heartbeat gets 404) after a restart. Keeps its own copy so the contract is the same as a
/// persistent store's.
/// </summary>
internal sealed class InMemoryRegistryStore : IRegistryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<InstanceKey, ServiceInstance> _instances = [];

    public ValueTask<IReadOnlyList<ServiceInstance>> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<ServiceInstance>>([.. _instances.Values]);
        }
    }

    public ValueTask SaveAsync(ServiceInstance instance, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _instances[InstanceKey.Of(instance)] = instance;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RenewAsync(string appName, string instanceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = InstanceKey.Of(appName, instanceId);
            if (_instances.TryGetValue(key, out var instance))
            {
                _instances[key] = instance with { LastHeartbeat = at };
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string appName, string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _instances.Remove(InstanceKey.Of(appName, instanceId));
        }

        return ValueTask.CompletedTask;
    }
}
