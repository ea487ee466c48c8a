using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portico.Filters;

namespace Portico.WebSockets;

/// <summary>Registers WebSocket proxying: the routing filter, the upstream connector and the shutdown tracker.</summary>
internal static class WebSocketRegistration
{
    public static void AddWebSockets(IServiceCollection services)
    {
        services.TryAddSingleton<UpstreamWebSocketConnector>();
        services.TryAddSingleton<WebSocketSessionTracker>();

        // The tracker is also a hosted service so that the host waits for the close handshakes before stopping the server.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WebSocketSessionTracker>(sp => sp.GetRequiredService<WebSocketSessionTracker>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, WebSocketRoutingFilter>());
    }
}
