using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portico.Management;

/// <summary>Registers the admin (actuator) endpoints' services.</summary>
internal static class ManagementRegistration
{
    public static void AddManagement(IServiceCollection services)
    {
        // A ManagementOptions registered by the app wins over the one read from configuration.
        services.TryAddSingleton(sp => ManagementAccessPolicy.ReadOptions(sp.GetService<IConfiguration>()));
        services.TryAddSingleton(sp => ManagementAccessPolicy.Create(sp.GetRequiredService<ManagementOptions>()));
        services.TryAddSingleton<GatewayLifecycle>();
        services.TryAddSingleton<ManagementGuard>();
        services.TryAddSingleton<GatewayEndpointHandlers>();
        services.TryAddSingleton<HealthEndpointHandlers>();
        services.TryAddSingleton<InfoEndpointHandler>();
    }
}
