using Microsoft.Extensions.DependencyInjection;

namespace Portico.Management;

/// <summary>Registers the admin (actuator) endpoints' services.</summary>
internal static class ManagementRegistration
{
    public static void AddManagement(IServiceCollection services)
    {
        _ = services;
    }
}
