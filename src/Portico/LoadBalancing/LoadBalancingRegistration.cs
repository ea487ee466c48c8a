using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portico.Configuration;
using Portico.Filters;
using Portico.Health;

namespace Portico.LoadBalancing;

/// <summary>
/// Registers instance selection for <c>lb://</c> routes: the load-balancer filter, the selection steps, the built-in
/// policies, health checking (the store, the health step, the active checker) and per-service config validation.
/// Every registration is a Try-add, so an application's own registration made earlier replaces a built-in one.
/// </summary>
internal static class LoadBalancingRegistration
{
    public static void AddLoadBalancing(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource, SystemRandomSource>();
        services.TryAddSingleton<InstanceLoadTracker>();
        services.TryAddSingleton<InstanceSelector>();
        services.TryAddSingleton<LoadBalancingMetrics>();
        services.TryAddSingleton<InstanceHealthStore>();
        services.TryAddSingleton<IInstanceHealthView>(sp => sp.GetRequiredService<InstanceHealthStore>());
        services.TryAddSingleton<ActiveHealthChecker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ActiveHealthChecker>(sp => sp.GetRequiredService<ActiveHealthChecker>()));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LoadBalancerClientFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPorticoConfigValidator, ServiceConfigValidator>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceSelectionStep, RegistryStatusStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceSelectionStep, AffinityStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceSelectionStep, HealthStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceSelectionStep, PreviousAttemptsStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceSelectionStep, LoadBalancingStep>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, PowerOfTwoChoicesPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, RoundRobinPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, RandomPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, LeastRequestsPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedPolicy>());
    }
}
