using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portico.Predicates;

/// <summary>Registers the built-in route predicate factories.</summary>
internal static class PredicateRegistration
{
    public static void AddBuiltInPredicates(IServiceCollection services)
    {
        services.TryAddSingleton<IWeightRandomSource, SharedWeightRandomSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, AfterRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, BeforeRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, BetweenRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, CookieRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, HeaderRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, HostRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, MethodRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, PathRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, QueryRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, RemoteAddrRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, XForwardedRemoteAddrRoutePredicateFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, WeightRoutePredicateFactory>());
    }
}
