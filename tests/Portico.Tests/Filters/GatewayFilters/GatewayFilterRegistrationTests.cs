using Microsoft.Extensions.DependencyInjection;
using Portico.Filters;
using Portico.Filters.GatewayFilters;

namespace Portico.Tests.Filters.GatewayFilters;

public class GatewayFilterRegistrationTests
{
    [Fact]
    public void AddBuiltInGatewayFilters_RegistersEveryNamedFactoryOnce()
    {
        var services = new ServiceCollection();
        GatewayFilterRegistration.AddBuiltInGatewayFilters(services);
        GatewayFilterRegistration.AddBuiltInGatewayFilters(services);
        using var provider = services.BuildServiceProvider();

        var names = provider.GetServices<IGatewayFilterFactory>().Select(f => f.Name).ToList();
        var expected = typeof(GatewayFilterNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, names.Order(StringComparer.Ordinal).ToList());
    }
}
