using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;

namespace Portico.Tests.Discovery;

/// <summary>Builds registries and instances for the discovery unit tests.</summary>
internal static class RegistryTestSupport
{
    public static ServiceRegistry CreateRegistry(ManualTimeProvider time, DiscoveryConfig? config = null, IRegistryStore? store = null)
    {
        var cfg = config ?? new DiscoveryConfig();
        return new ServiceRegistry(new Lazy<IRegistryStore>(store ?? new InMemoryRegistryStore()), time, NullLogger<ServiceRegistry>.Instance, () => cfg);
    }

    public static ServiceInstance Instance(string app = "orders", string id = "orders-1", string host = "10.0.0.1", int port = 8080, InstanceStatus status = InstanceStatus.Up, TimeSpan? lease = null) => new()
    {
        AppName = app,
        InstanceId = id,
        Host = host,
        Port = port,
        Status = status,
        LeaseDuration = lease ?? TimeSpan.Zero,
        Source = ServiceRegistry.NativeSource,
    };
}
