using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Configuration;

namespace Portico.Security.Linkis.Users;

/// <summary>Registers the user endpoints and what they need (the login key pair, the OAuth client, the SSO selector).</summary>
internal static class LinkisUserEndpointsRegistration
{
    public static void AddLinkisUserEndpoints(IServiceCollection services)
    {
        services.TryAddSingleton<LinkisLoginKeyPair>();
        services.TryAddSingleton<LinkisOAuthClient>();
        services.TryAddSingleton<LinkisSso>();
        services.TryAddSingleton<LinkisLoginEndpoints>();
        services.TryAddSingleton<LinkisOAuthLogin>();
        services.TryAddSingleton<ILinkisUserEndpoints, LinkisUserEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPorticoConfigValidator, LinkisUserEndpointsConfigValidator>());
    }
}
