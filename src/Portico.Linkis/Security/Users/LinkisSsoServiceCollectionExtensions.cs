using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portico.Security.Linkis.Users;

/// <summary>Registers the single-sign-on system of Linkis logins.</summary>
public static class LinkisSsoServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TInterceptor"/> as the gateway's <see cref="ILinkisSsoInterceptor"/> (a singleton,
    /// replacing any registered before); it takes part once <c>linkis-security.user-endpoints.sso-enabled</c> is on.
    /// </summary>
    public static IServiceCollection AddLinkisSsoInterceptor<TInterceptor>(this IServiceCollection services)
        where TInterceptor : class, ILinkisSsoInterceptor
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<ILinkisSsoInterceptor>();
        services.AddSingleton<ILinkisSsoInterceptor, TInterceptor>();
        return services;
    }
}
