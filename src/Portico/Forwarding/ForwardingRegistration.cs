using Microsoft.Extensions.DependencyInjection;

namespace Portico.Forwarding;

/// <summary>Registers the HTTP forwarder and its global filters.</summary>
internal static class ForwardingRegistration
{
    public static void AddForwarding(IServiceCollection services)
    {
        _ = services;
    }
}
