using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

/// <summary>Two real gateways on loopback: one is the Eureka registry, the other mirrors it in Eureka client mode.</summary>
public sealed class EurekaClientModeTests
{
    private static Task<TestGateway> StartMirrorAsync(TestGateway server, string extra = "") => TestGateway.StartAsync($"""
        portico:
          discovery:
            eureka-client:
              server-urls: [ "{server.BaseAddress}eureka/" ]
              fetch-interval: 100ms
        {extra}
        """);

    private static IReadOnlyList<ServiceInstance> Instances(TestGateway gateway, string app) =>
        gateway.Services.GetRequiredService<IServiceRegistry>().Current.GetInstances(app);

    [Fact]
    public async Task Mirror_FollowsRegisterStatusAndCancel()
    {
        await using var server = await TestGateway.StartAsync("portico:\n  discovery:\n    lease-duration: 90s\n");
        await RegisterEurekaAsync(server.Client, "orders", "o1", port: 8081);
        await using var mirror = await StartMirrorAsync(server);

        // Full fetch.
        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").Count == 1)));
        var first = Instances(mirror, "orders")[0];
        Assert.Equal(("o1", 8081, "eureka-client"), (first.InstanceId, first.Port, first.Source));

        // Deltas: a new instance, a status override and a cancellation.
        await RegisterEurekaAsync(server.Client, "orders", "o2", port: 8082);
        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").Count == 2)));

        using (var status = await server.Client.PutAsync("eureka/apps/ORDERS/o1/status?value=OUT_OF_SERVICE", null))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").FirstOrDefault(i => i.InstanceId == "o1")?.Status == InstanceStatus.OutOfService)));

        await server.Client.DeleteAsync("eureka/apps/ORDERS/o2");
        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").Count == 1)));

        // The mirror's view, served through its own Eureka API, matches the server's.
        using var serverView = await GetJsonAsync(server.Client, "eureka/apps");
        using var mirrorView = await GetJsonAsync(mirror.Client, "eureka/apps");
        Assert.Equal(
            serverView.RootElement.GetProperty("applications").GetProperty("apps__hashcode").GetString(),
            mirrorView.RootElement.GetProperty("applications").GetProperty("apps__hashcode").GetString());

        // One full fetch; every later change arrived as a delta whose hash code agreed.
        Assert.Single(mirror.Logs.Entries, e => e.EventId.Id == Portico.Logging.EventIdRanges.Discovery + 60);
    }

    [Fact]
    public async Task Mirror_AppFilter_OnlyListedApps()
    {
        await using var server = await TestGateway.StartAsync("portico: {}\n");
        await RegisterEurekaAsync(server.Client, "orders", "o1");
        await RegisterEurekaAsync(server.Client, "billing", "b1");
        await using var mirror = await StartMirrorAsync(server, "      apps: [ ORDERS ]");

        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").Count == 1)));

        await RegisterEurekaAsync(server.Client, "orders", "o2");
        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").Count == 2)));
        Assert.Empty(Instances(mirror, "billing"));
    }

    [Fact]
    public async Task Mirror_ServerGone_KeepsLastMirror_LocalRegistrationsWin()
    {
        var server = await TestGateway.StartAsync("portico: {}\n");
        await RegisterEurekaAsync(server.Client, "orders", "o1", port: 8081);
        await using var mirror = await StartMirrorAsync(server);
        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").Count == 1)));

        await server.DisposeAsync();
        Assert.True(await EventuallyAsync(() => Task.FromResult(mirror.Logs.Entries.Any(e => e.EventId.Id == Portico.Logging.EventIdRanges.Discovery + 61))));
        Assert.Single(Instances(mirror, "orders"));

        // A registration made on the mirror itself wins over the mirrored instance with the same id.
        await RegisterEurekaAsync(mirror.Client, "orders", "o1", port: 9091);
        var instance = Assert.Single(Instances(mirror, "orders"));
        Assert.Equal((9091, "eureka"), (instance.Port, instance.Source));
    }

    [Fact]
    public async Task Mirror_DeltaHashDisagrees_FetchesEverythingAgain()
    {
        // A Eureka server whose deltas never add up: the mirror must notice by the hash code and fetch in full.
        var fullFetches = 0;
        await using var eureka = await TestUpstream.StartAsync(app =>
        {
            app.MapGet("/eureka/apps/", () =>
            {
                var n = Interlocked.Increment(ref fullFetches);
                var port = 8000 + n;
                return Results.Text("{\"applications\":{\"versions__delta\":\"1\",\"apps__hashcode\":\"UP_1_\",\"application\":[{\"name\":\"ORDERS\",\"instance\":[{\"instanceId\":\"o1\",\"hostName\":\"127.0.0.1\",\"app\":\"ORDERS\",\"status\":\"UP\",\"port\":{\"$\":" + port + ",\"@enabled\":\"true\"}}]}]}}", "application/json");
            });
            app.MapGet("/eureka/apps/delta", () => Results.Text("{\"applications\":{\"versions__delta\":\"2\",\"apps__hashcode\":\"UP_5_\",\"application\":[]}}", "application/json"));
        });
        await using var mirror = await TestGateway.StartAsync($"""
            portico:
              discovery:
                eureka-client:
                  server-urls: [ "{eureka.BaseAddress}eureka/" ]
                  fetch-interval: 100ms
            """);

        Assert.True(await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref fullFetches) >= 3)));
        Assert.True(await EventuallyAsync(() => Task.FromResult(Instances(mirror, "orders").SingleOrDefault()?.Port > 8001)));
        Assert.Contains(mirror.Logs.Entries, e => e.EventId.Id == Portico.Logging.EventIdRanges.Discovery + 62);
    }
}
