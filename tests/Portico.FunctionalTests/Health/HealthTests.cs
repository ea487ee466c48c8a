using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.LoadBalancing;

namespace Portico.FunctionalTests.Health;

public sealed class HealthTests
{
    // The timeout is generous on purpose: with a threshold of one, a single probe slowed by a loaded machine would
    // flip a healthy instance and make the tests' expectations race the scheduler.
    private const string ActiveChecks = """
              load-balancer: RoundRobin
              health:
                active:
                  path: /health
                  interval: 1s
                  timeout: 1s
                  healthy-threshold: 1
                  unhealthy-threshold: 1

        """;

    /// <summary>Upstreams whose /health answers with the status in <paramref name="statuses"/> (by index); other paths echo.</summary>
    private static Func<int, RequestDelegate?> HealthFrom(int[] statuses) => index => context =>
    {
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
        {
            context.Response.StatusCode = Volatile.Read(ref statuses[index]);
            return Task.CompletedTask;
        }

        return Infrastructure.TestUpstream.EchoAsync(context);
    };

    private static bool Healthy(Dictionary<string, JsonElement> instances, string id) => instances[id].GetProperty("healthy").GetBoolean();

    [Fact]
    public async Task ActiveCheck_ProbeFails_InstanceGetsNoTrafficUntilProbePassesAgain()
    {
        var statuses = new[] { 200, 500, 200 };
        await using var cluster = await LbCluster.StartAsync(services: ActiveChecks, handler: HealthFrom(statuses));
        Assert.True(await cluster.WaitForAsync(i => !Healthy(i, "orders-1") && i["orders-0"].GetProperty("active").GetString() == "Healthy"));
        var reason = (await cluster.InstancesAsync())["orders-1"].GetProperty("reason").GetString();
        Assert.Equal("active check failed: GET /health returned 500", reason);

        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual(cluster.Authority(1), (await cluster.SendAsync()).ServedBy);
        }

        Assert.Equal(0, cluster.Count(1));
        Volatile.Write(ref statuses[1], 200);
        Assert.True(await cluster.WaitForAsync(i => Healthy(i, "orders-1")));
        var served = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            served.Add((await cluster.SendAsync()).ServedBy!);
        }

        Assert.Contains(cluster.Authority(1), served);
    }

    [Fact]
    public async Task PrometheusScrape_ShowsHealthGaugePerInstance()
    {
        await using var cluster = await LbCluster.StartAsync(services: ActiveChecks, handler: HealthFrom([200, 500, 200]));
        Assert.True(await cluster.WaitForAsync(i => !Healthy(i, "orders-1") && i["orders-0"].GetProperty("active").GetString() == "Healthy"));
        var scrape = await cluster.Gateway.Client.GetStringAsync("/actuator/prometheus");
        var lines = scrape.Split('\n').Where(l => l.StartsWith("portico_instance_healthy{", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.Contains("instance=\"orders-1\"", StringComparison.Ordinal) && l.Contains("service=\"orders\"", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("instance=\"orders-0\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AllUnhealthy_DefaultFail_503NamingTheService()
    {
        await using var cluster = await LbCluster.StartAsync(services: ActiveChecks, handler: HealthFrom([500, 503, 500]));
        Assert.True(await cluster.WaitForAsync(i => i.Values.All(e => !e.GetProperty("healthy").GetBoolean())));
        var (status, _, response) = await cluster.SendAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("'orders'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, cluster.Count(0) + cluster.Count(1) + cluster.Count(2));
    }

    [Fact]
    public async Task AllUnhealthy_Panic_ServedByAll()
    {
        await using var cluster = await LbCluster.StartAsync(services: ActiveChecks + "        all-unhealthy: Panic\n", handler: HealthFrom([500, 503, 500]));
        Assert.True(await cluster.WaitForAsync(i => i.Values.All(e => !e.GetProperty("healthy").GetBoolean())));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.SendAsync()).Status);
        }

        Assert.Equal([1, 1, 1], Enumerable.Range(0, 3).Select(cluster.Count));
    }

    [Fact]
    public async Task AdminEndpoint_ShowsPassiveEjectionWithReason()
    {
        await using var cluster = await LbCluster.StartAsync(services: "      health:\n        passive:\n          consecutive-failures: 1\n          reactivation-period: 1m\n");
        await cluster.StopAsync(2);
        Assert.Equal(HttpStatusCode.OK, (await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(2)))).Status);

        var instances = await cluster.InstancesAsync();
        Assert.Equal(["orders-0", "orders-1", "orders-2"], instances.Keys.Order(StringComparer.Ordinal));
        var dead = instances["orders-2"];
        Assert.False(dead.GetProperty("healthy").GetBoolean());
        Assert.True(dead.GetProperty("ejected").GetBoolean());
        Assert.Equal("ejected for 60s after 1 consecutive failures (last: connection failed)", dead.GetProperty("reason").GetString());
        Assert.Equal(cluster.Authority(2), dead.GetProperty("authority").GetString());
        Assert.True(instances["orders-0"].GetProperty("healthy").GetBoolean());

        // A request stops counting as active once its response has been sent, which the client may see first.
        Assert.True(await cluster.WaitForAsync(i => i.Values.All(e => e.GetProperty("activeRequests").GetInt32() == 0)));
    }

    [Fact]
    public async Task InstanceStoppedMidLoad_NoRequestFails_AndItStopsBeingTriedOnceEjected()
    {
        await using var cluster = await LbCluster.StartAsync(services: "      load-balancer: RoundRobin\n      health:\n        passive:\n          consecutive-failures: 2\n          reactivation-period: 1m\n");
        var failures = 0;
        var total = 0;

        async Task LoadAsync(int requests)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            {
                var (status, _, _) = await cluster.SendAsync();
                Interlocked.Increment(ref total);
                if (status != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        await LoadAsync(60);
        var stopping = cluster.StopAsync(1);
        await LoadAsync(60);
        await stopping;
        await LoadAsync(60);
        Assert.Equal(180, total);
        Assert.Equal(0, failures);
        Assert.True(await cluster.WaitForAsync(i => i["orders-1"].GetProperty("ejected").GetBoolean(), TimeSpan.FromSeconds(1)));

        var retries = cluster.Gateway.Logs.Entries.Count(e => e.EventId.Id == Logging.EventIdRanges.LoadBalancing + 3);
        Assert.True(retries > 0);
        var servedBefore = cluster.Count(0) + cluster.Count(2);
        await LoadAsync(30);
        Assert.Equal(0, failures);
        Assert.Equal(retries, cluster.Gateway.Logs.Entries.Count(e => e.EventId.Id == Logging.EventIdRanges.LoadBalancing + 3));
        Assert.Equal(servedBefore + 30, cluster.Count(0) + cluster.Count(2));
    }
}
