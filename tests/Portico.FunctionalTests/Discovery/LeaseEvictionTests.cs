using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

public sealed class LeaseEvictionTests
{
    [Fact]
    public async Task HeartbeatsStop_EvictedAtLeaseExpiry_ByTheBackgroundTimer()
    {
        var time = new ManualTimeProvider();
        await using var gateway = await TestGateway.StartAsync(
            "portico:\n  discovery:\n    lease-duration: 90s\n    eviction-interval: 10s\n",
            services => services.AddSingleton<TimeProvider>(time));
        var registry = gateway.Services.GetRequiredService<IServiceRegistry>();
        using (var registered = await RegisterNativeAsync(gateway.Client, "orders", "silent", """{"host":"127.0.0.1","port":8080}"""))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        await RegisterNativeAsync(gateway.Client, "orders", "beating", """{"host":"127.0.0.1","port":8081}""");

        // Each pass of the eviction loop ends by waiting on the manual clock again; waiting for that timer after every
        // step means the pass for that moment has finished before anything is asserted.
        async Task TickAsync()
        {
            Assert.True(await EventuallyAsync(() => Task.FromResult(time.ActiveTimers > 0)));
            time.Advance(TimeSpan.FromSeconds(10));
            Assert.True(await EventuallyAsync(() => Task.FromResult(time.ActiveTimers > 0)));
        }

        for (var second = 10; second <= 90; second += 10)
        {
            await TickAsync();
            using var beat = await gateway.Client.PostAsync("portico/registry/apps/orders/beating/heartbeat", null);
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        // 90 s without a heartbeat: the lease has just run out, not yet expired.
        Assert.Equal(2, registry.Current.GetInstances("orders").Count);

        await TickAsync();

        Assert.Single(registry.Current.GetInstances("orders"));
        Assert.Equal("beating", registry.Current.GetInstances("orders")[0].InstanceId);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == Portico.Logging.EventIdRanges.Discovery + 3 && e.Message.Contains("silent", StringComparison.Ordinal));
    }
}
