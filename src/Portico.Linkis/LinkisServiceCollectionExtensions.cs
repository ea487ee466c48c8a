using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Portico's Apache Linkis mode.</summary>
public static class LinkisServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Linkis mode to a gateway added with <c>AddPortico()</c>: the <c>linkis</c> and <c>linkis-security</c>
    /// sections, Linkis's routes, parsers and routers, its envelope and WebSocket multiplexing, logins, sessions,
    /// tokens and the instance-label API. Both stay off until the configuration switches them on
    /// (<c>linkis.enabled</c>, <c>linkis-security.enabled</c>). Register your own Linkis services (a token store, a
    /// session store) before calling it to replace the built-in ones. Every registration is a Try-add, so calling it
    /// twice adds nothing.
    /// </summary>
    public static IServiceCollection AddLinkis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        Portico.Linkis.LinkisRegistration.AddLinkis(services);
        Portico.Security.Linkis.LinkisSecurityRegistration.AddLinkisSecurity(services);
        return services;
    }
}
