using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Discovery.Eureka;
using Portico.Discovery.Native;

namespace Portico.Discovery;

/// <summary>
/// Registers the service registry: <see cref="IServiceRegistry"/> for routing, <see cref="IInstanceRegistrar"/> for
/// writers, the <see cref="IRegistryStore"/> (in memory, or a file when <c>discovery.store.directory</c> is set; add
/// your own <see cref="IRegistryStore"/> before <c>AddPortico</c> to replace it), lease eviction and Eureka client mode.
/// </summary>
internal static class DiscoveryRegistration
{
    public static void AddDiscovery(IServiceCollection services)
    {
        services.TryAddSingleton<IRegistryStore>(sp =>
        {
            var directory = sp.GetRequiredService<IGatewaySnapshotProvider>().Current.Config.Discovery.Store.Directory;
            return directory.Length == 0
                ? new InMemoryRegistryStore()
                : new FileRegistryStore(directory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FileRegistryStore>>());
        });
        services.TryAddSingleton(sp =>
        {
            // Nothing configuration-bound is resolved here: global filters may take the registry, and the configuration's
            // route table is built from the global filters. RegistryLeaseService applies the configured instances at start.
            IGatewaySnapshotProvider? snapshots = null;
            return new ServiceRegistry(
                new Lazy<IRegistryStore>(sp.GetRequiredService<IRegistryStore>),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ServiceRegistry>>(),
                () => (snapshots ??= sp.GetRequiredService<IGatewaySnapshotProvider>()).Current.Config.Discovery);
        });
        services.TryAddSingleton<IServiceRegistry>(sp => sp.GetRequiredService<ServiceRegistry>());
        services.TryAddSingleton<IInstanceRegistrar>(sp => sp.GetRequiredService<ServiceRegistry>());
        services.TryAddSingleton(sp => new RegistryAccess(
            () => sp.GetRequiredService<IGatewaySnapshotProvider>().Current.Config.Discovery,
            sp.GetRequiredService<ILogger<RegistryAccess>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<EurekaEndpoints>();
        services.TryAddSingleton<NativeRegistryEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RegistryLeaseService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EurekaMirrorService>());
    }
}
