using Microsoft.Extensions.DependencyInjection;

namespace Portico.WebSockets;

/// <summary>Registers WebSocket proxying.</summary>
internal static class WebSocketRegistration
{
    public static void AddWebSockets(IServiceCollection services)
    {
        _ = services;
    }
}
