using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;

namespace Portico.Discovery;

/// <summary>
/// Maps the registry APIs: the native one under <c>/portico/registry</c> and, unless <c>discovery.eureka.enabled</c>
/// is false at start-up, the Eureka-compatible one under <c>/eureka</c> and <c>/eureka/v2</c>.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        Native.NativeRegistryEndpoints.Map(endpoints);
        var config = endpoints.ServiceProvider.GetRequiredService<IGatewaySnapshotProvider>().Current.Config.Discovery;
        if (config.Eureka.Enabled)
        {
            Eureka.EurekaEndpoints.Map(endpoints);
        }
    }
}
