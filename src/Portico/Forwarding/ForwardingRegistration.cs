using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portico.Forwarding;

/// <summary>Registers the HTTP forwarder; the filters that call it are registered with the other filters.</summary>
internal static class ForwardingRegistration
{
    public static void AddForwarding(IServiceCollection services)
    {
        services.TryAddSingleton<UpstreamClientPool>();
        services.TryAddSingleton<TimeoutSourcePool>();
        services.TryAddSingleton<IHttpForwarder, HttpForwarder>();
    }
}
