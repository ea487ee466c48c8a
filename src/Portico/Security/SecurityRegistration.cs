using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Configuration;
using Portico.Filters;
using Portico.Security.Authentication;
using Portico.Security.ClientAddress;
using Portico.Security.Cors;

namespace Portico.Security;

/// <summary>Registers the gateway's generic security: trusted-proxy client addresses, CORS and route authentication.</summary>
internal static class SecurityRegistration
{
    public static void AddSecurity(IServiceCollection services)
    {
        services.TryAddSingleton<JwksFileStore>();
        services.TryAddSingleton<SecurityPolicyCache>();
        services.TryAddSingleton<IClientAddressResolver, ClientAddressResolver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPorticoConfigValidator, SecurityConfigValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, CorsFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, AuthenticationFilter>());
    }
}
