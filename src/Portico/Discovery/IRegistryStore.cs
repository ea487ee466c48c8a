namespace Portico.Discovery;

/// <summary>
/// Keeps the registrations made through the registration APIs (static and mirrored instances come from configuration
/// and are never stored). The registry holds the working set in memory, writes every change through this interface
/// and loads the stored set once at start-up. Routing never calls the store.
/// </summary>
/// <remarks>
/// The built-in stores are in-memory (the default) and a JSON file in a data directory
/// (<c>discovery.store.directory</c>). A store shared by several gateway nodes implements the same contract.
/// </remarks>
public interface IRegistryStore
{
    /// <summary>Every stored registration.</summary>
    ValueTask<IReadOnlyList<ServiceInstance>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces a registration after a change other than a heartbeat.</summary>
    ValueTask SaveAsync(ServiceInstance instance, CancellationToken cancellationToken);

    /// <summary>
    /// Records a heartbeat. Stores that outlive the gateway process may ignore it: the registry gives every loaded
    /// registration a fresh lease, so an instance that went away is evicted one lease after start-up.
    /// </summary>
    ValueTask RenewAsync(string appName, string instanceId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes a registration; removing an unknown one does nothing.</summary>
    ValueTask RemoveAsync(string appName, string instanceId, CancellationToken cancellationToken);
}
