using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Filters;

namespace Portico.Forwarding;

/// <summary>Registers the HTTP forwarder and its global filters.</summary>
internal static class ForwardingRegistration
{
    public static void AddForwarding(IServiceCollection services)
    {
        services.TryAddSingleton<UpstreamClientPool>();
        services.TryAddSingleton<TimeoutSourcePool>();
        services.TryAddSingleton<IHttpForwarder, HttpForwarder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, HttpRoutingFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, WriteResponseFilter>());
    }
}
