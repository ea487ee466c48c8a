using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.LoadBalancing;

namespace Portico.Labels;

/// <summary>
/// Registers the instance-label store (SQLite in the data directory, or memory), its registry sync, the label step of
/// instance selection, the label lookup over the store (<see cref="IInstanceLabelLookup"/>) and Portico's own label
/// API. Every registration is a Try-add, so an application's own <see cref="ILabelStore"/> registered earlier
/// replaces the embedded one. The Linkis mode registers Linkis's label API over the same store.
/// </summary>
internal static class LabelsRegistration
{
    public static void AddLabels(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILabelStore>(CreateStore);
        services.TryAddSingleton<IInstanceLabelLookup, StoreInstanceLabelLookup>();
        services.TryAddSingleton<LabelEndpoints>();
        services.TryAddSingleton<LabelRegistrySync>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LabelRegistrySync>(sp => sp.GetRequiredService<LabelRegistrySync>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceSelectionStep, LabelRoutingStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPorticoConfigValidator, LabelsConfigValidator>());
    }

    // A registration factory: the persistence is chosen from the configuration in force, which sits below the global
    // filters that reach the store, so global filters take the store in their constructors.
    private static LabelStore CreateStore(IServiceProvider services)
    {
        var config = services.GetRequiredService<IGatewayConfigProvider>().Config;
        ILabelPersistence persistence = config.Labels.Persistence == LabelPersistenceMode.Sqlite
            ? new SqliteLabelPersistence(DataDirectory(config, services.GetService<IHostEnvironment>()))
            : new MemoryLabelPersistence();
        try
        {
            return new LabelStore(persistence, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<LabelStore>>());
        }
        catch
        {
            persistence.Dispose();
            throw;
        }
    }

    /// <summary>The data directory as an absolute path; a relative one is taken from the content root.</summary>
    internal static string DataDirectory(PorticoConfig config, IHostEnvironment? environment) =>
        Path.GetFullPath(config.DataDirectory, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
}
