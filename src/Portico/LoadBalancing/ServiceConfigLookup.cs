using Portico.Configuration;

namespace Portico.LoadBalancing;

/// <summary>Finds the settings of a service: its <c>services</c> entry, else <c>service-defaults</c>.</summary>
internal static class ServiceConfigLookup
{
    public static ServiceConfig For(PorticoConfig config, string serviceId) =>
        config.Services.TryGetValue(serviceId, out var service) ? service : config.ServiceDefaults;
}
