using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

public sealed class StaticInstancesReloadTests
{
    [Fact]
    public async Task ConfigReload_StaticInstancesFollow_RegistrationsKept()
    {
        await using var gateway = await TestGateway.StartAsync("""
            portico:
              discovery:
                static:
                  billing: [ { host: 127.0.0.1, port: 7001 } ]
            """);
        var registry = gateway.Services.GetRequiredService<IServiceRegistry>();
        await RegisterEurekaAsync(gateway.Client, "orders", "o1");

        var status = await gateway.RewriteConfigAsync("""
            portico:
              discovery:
                static:
                  billing: [ { host: 127.0.0.1, port: 7002 } ]
                  stock: [ { host: 127.0.0.1, port: 7003 } ]
            """);

        Assert.True(status.Succeeded);
        Assert.Equal(7002, Assert.Single(registry.Current.GetInstances("billing")).Port);
        Assert.Single(registry.Current.GetInstances("stock"));
        Assert.Single(registry.Current.GetInstances("orders"));
    }

    [Fact]
    public async Task ConfigReload_InvalidStaticInstance_KeepsLastGood()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  discovery:\n    static:\n      billing: [ { host: 127.0.0.1, port: 7001 } ]\n");
        var registry = gateway.Services.GetRequiredService<IServiceRegistry>();

        var status = await gateway.RewriteConfigAsync("portico:\n  discovery:\n    static:\n      billing: [ { host: 127.0.0.1, port: 0 } ]\n");

        Assert.False(status.Succeeded);
        Assert.Contains(status.Errors, e => e.Field == "discovery.static.billing[0].port");
        Assert.Equal(7001, Assert.Single(registry.Current.GetInstances("billing")).Port);
    }
}
