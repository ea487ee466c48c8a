using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portico.Filters;

namespace Portico.Linkis.WebSockets;

/// <summary>Registers Linkis WebSocket multiplexing: the filter on the <c>ws</c> route, the message router and the socket tracker.</summary>
internal static class LinkisWebSocketRegistration
{
    public static void AddLinkisWebSockets(IServiceCollection services)
    {
        services.TryAddSingleton<LinkisFrameRouter>();
        services.TryAddSingleton<LinkisWebSocketMetrics>();
        services.TryAddSingleton<LinkisWebSocketServices>();
        services.TryAddSingleton<LinkisWebSocketSessions>();
        services.TryAddSingleton<ILinkisWebSocketSessions>(sp => sp.GetRequiredService<LinkisWebSocketSessions>());

        // Also a hosted service, so that the host waits for the sockets' close handshakes before stopping the server.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LinkisWebSocketSessions>(sp => sp.GetRequiredService<LinkisWebSocketSessions>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LinkisWebSocketFilter>());
    }
}
