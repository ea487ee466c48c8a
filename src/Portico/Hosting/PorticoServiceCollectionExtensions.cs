using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Configuration;
using Portico.Errors;
using Portico.Filters;
using Portico.LoadBalancing;
using Portico.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Portico gateway engine.</summary>
public static class PorticoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway: route predicates and filters in Spring Cloud Gateway's vocabulary, the built-in global filters,
    /// the forwarder and the admin endpoints. Routes are read from the app's configuration (<c>Portico</c> section or
    /// <c>spring:cloud:gateway</c>). Add your own <see cref="IGlobalFilter"/>, <see cref="IGatewayFilterFactory"/> or
    /// <see cref="Portico.Predicates.IRoutePredicateFactory"/> to the service collection to extend it. Modules add
    /// themselves after it (the Linkis mode: <c>services.AddPortico().AddLinkis()</c>).
    /// </summary>
    public static IServiceCollection AddPortico(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RouteCompiler>();
        services.TryAddSingleton<RouteTableBuilder>();
        services.TryAddSingleton<GatewayConfigManager>();
        services.TryAddSingleton<IGatewayConfigProvider>(sp => sp.GetRequiredService<GatewayConfigManager>());
        services.TryAddSingleton<GatewaySnapshotManager>();
        services.TryAddSingleton<IGatewaySnapshotProvider>(sp => sp.GetRequiredService<GatewaySnapshotManager>());
        services.TryAddSingleton<GatewayRequestHandler>();
        services.TryAddSingleton<ForwardEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestPathStartupFilter>());
        services.TryAddSingleton<Portico.Resources.ResourceExhaustion>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Portico.Resources.ErrorPathWarmup>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, ErrorHandlingFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, RouteToRequestUrlFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LoadBalancerClientFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, ForwardRoutingFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, HttpRoutingFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, WriteResponseFilter>());

        Portico.Predicates.PredicateRegistration.AddBuiltInPredicates(services);
        Portico.Filters.GatewayFilters.GatewayFilterRegistration.AddBuiltInGatewayFilters(services);
        Portico.Forwarding.ForwardingRegistration.AddForwarding(services);
        Portico.WebSockets.WebSocketRegistration.AddWebSockets(services);
        Portico.Observability.ObservabilityRegistration.AddObservability(services);
        Portico.Management.ManagementRegistration.AddManagement(services);
        Portico.Discovery.DiscoveryRegistration.AddDiscovery(services);
        Portico.Labels.LabelsRegistration.AddLabels(services);
        Portico.LoadBalancing.LoadBalancingRegistration.AddLoadBalancing(services);
        Portico.Security.SecurityRegistration.AddSecurity(services);
        return services;
    }
}
