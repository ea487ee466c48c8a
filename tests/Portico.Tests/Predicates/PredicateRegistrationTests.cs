using Microsoft.Extensions.DependencyInjection;
using Portico.Predicates;

namespace Portico.Tests.Predicates;

public class PredicateRegistrationTests
{
    [Fact]
    public void AddBuiltInPredicates_RegistersEverySpringPredicateOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        PredicateRegistration.AddBuiltInPredicates(services);
        PredicateRegistration.AddBuiltInPredicates(services);
        using var provider = services.BuildServiceProvider();
        var names = provider.GetServices<IRoutePredicateFactory>().Select(f => f.Name).ToList();
        string[] expected =
        [
            RoutePredicateNames.After, RoutePredicateNames.Before, RoutePredicateNames.Between, RoutePredicateNames.Cookie,
            RoutePredicateNames.Header, RoutePredicateNames.Host, RoutePredicateNames.Method, RoutePredicateNames.Path,
            RoutePredicateNames.Query, RoutePredicateNames.RemoteAddr, RoutePredicateNames.XForwardedRemoteAddr, RoutePredicateNames.Weight,
        ];
        Assert.Equal(expected.Order(), names.Order());
    }

    [Fact]
    public void AddBuiltInPredicates_KeepsAUserRandomSource()
    {
        var services = new ServiceCollection();
        var mine = new SequenceRandomSource(0.5);
        services.AddSingleton<IWeightRandomSource>(mine);
        PredicateRegistration.AddBuiltInPredicates(services);
        using var provider = services.BuildServiceProvider();
        Assert.Same(mine, provider.GetRequiredService<IWeightRandomSource>());
    }
}
