using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class ServiceRegistryAccessorTests
{
    [Fact]
    public void Registry_ResolvedOnFirstUseNotAtConstruction()
    {
        var resolutions = 0;
        var registry = new InMemoryServiceRegistry();
        using var services = new ServiceCollection()
            .AddSingleton<IServiceRegistry>(_ =>
            {
                resolutions++;
                return registry;
            })
            .BuildServiceProvider();
        var accessor = new ServiceRegistryAccessor(services);
        Assert.Equal(0, resolutions);
        Assert.Same(registry, accessor.Registry);
        Assert.Same(registry, accessor.Registry);
        Assert.Equal(1, resolutions);
    }

    [Fact]
    public void Changed_HandlersAddedBeforeOrAfterResolutionAreAttached()
    {
        var registry = new InMemoryServiceRegistry();
        var accessor = ServiceRegistryAccessor.For(registry);
        var calls = new List<string>();
        accessor.Changed += _ => calls.Add("early");
        _ = accessor.Registry;
        accessor.Changed += _ => calls.Add("late");
        registry.Set(Lb.Instances(1));
        Assert.Equal(["early", "late"], calls);
    }

    [Fact]
    public void Registry_NoneRegistered_Null()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        Assert.Null(new ServiceRegistryAccessor(services).Registry);
    }
}
