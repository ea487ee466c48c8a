namespace Portico.Discovery;

/// <summary>
/// Writes to the service registry: the operations behind the native and Eureka-compatible registration APIs. Every
/// change publishes a new <see cref="RegistrySnapshot"/> before the call completes.
/// </summary>
public interface IInstanceRegistrar
{
    /// <summary>
    /// Registers <paramref name="instance"/>, replacing any earlier registration with the same application and id
    /// (Eureka's re-register semantics). The registry stamps the registration and heartbeat times; a status override
    /// set earlier on the same instance survives. Throws <see cref="ArgumentException"/> when the application name, id,
    /// host, port, scheme or weight is invalid; the registration APIs check these first and answer 400.
    /// </summary>
    ValueTask<RegistrationResult> RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default);

    /// <summary>Renews the lease of a registered instance; returns the renewed instance, or null when it is not registered.</summary>
    ValueTask<ServiceInstance?> RenewAsync(string appName, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Removes a registered instance at once; returns false when it was not registered.</summary>
    ValueTask<bool> CancelAsync(string appName, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Sets an operator's status override; returns the changed instance, or null when it is not registered.</summary>
    ValueTask<ServiceInstance?> SetStatusOverrideAsync(string appName, string instanceId, InstanceStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the status override. The status becomes <paramref name="newStatus"/> when given, otherwise the status the
    /// instance last reported. Returns the changed instance, or null when it is not registered.
    /// </summary>
    ValueTask<ServiceInstance?> ClearStatusOverrideAsync(string appName, string instanceId, InstanceStatus? newStatus = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces metadata entries (a <c>weight</c> entry also sets <see cref="ServiceInstance.Weight"/>).
    /// Returns the changed instance, or null when it is not registered.
    /// </summary>
    ValueTask<ServiceInstance?> UpdateMetadataAsync(string appName, string instanceId, IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a registration.</summary>
/// <param name="Instance">The instance as registered.</param>
/// <param name="Replaced">Whether an earlier registration with the same application and id was replaced.</param>
public sealed record RegistrationResult(ServiceInstance Instance, bool Replaced);
