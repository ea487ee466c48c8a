using System.Net;
using Portico.Discovery;

namespace Portico.FunctionalTests.LoadBalancing;

public sealed class AffinityTests
{
    private static bool LoggedFailover(LbCluster cluster, string reason) =>
        cluster.Gateway.Logs.Entries.Any(e => e.EventId.Id == Logging.EventIdRanges.LoadBalancing + 2 && e.Message.Contains($"({reason})", StringComparison.Ordinal));

    [Fact]
    public async Task FixedInstance_Registered_EveryRequestPinned()
    {
        await using var cluster = await LbCluster.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(1)));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(cluster.Authority(1), servedBy);
        }

        Assert.Equal(10, cluster.Count(1));
    }

    [Fact]
    public async Task FixedInstance_Dead_FailsOverToAHealthyInstanceAndLogsWhy()
    {
        await using var cluster = await LbCluster.StartAsync();
        await cluster.StopAsync(1);
        for (var i = 0; i < 5; i++)
        {
            var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(1)));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.NotEqual(cluster.Authority(1), servedBy);
        }

        Assert.True(LoggedFailover(cluster, "attempt_failed"));
    }

    [Fact]
    public async Task FixedInstance_Ejected_FailsOverAsUnhealthyWithoutTryingIt()
    {
        await using var cluster = await LbCluster.StartAsync(services: "      load-balancer: RoundRobin\n      health:\n        passive:\n          consecutive-failures: 1\n          reactivation-period: 1m\n");
        await cluster.StopAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(1)))).Status);
        var retriesBefore = cluster.Gateway.Logs.Entries.Count(e => e.EventId.Id == Logging.EventIdRanges.LoadBalancing + 3);
        var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(1)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(cluster.Authority(1), servedBy);
        Assert.True(LoggedFailover(cluster, "unhealthy"));
        Assert.Equal(retriesBefore, cluster.Gateway.Logs.Entries.Count(e => e.EventId.Id == Logging.EventIdRanges.LoadBalancing + 3));
    }

    [Fact]
    public async Task FixedInstance_Unknown_ServedByAnotherAndLogged()
    {
        await using var cluster = await LbCluster.StartAsync();
        var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", "127.0.0.99:1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(servedBy);
        Assert.True(LoggedFailover(cluster, "unknown"));
    }

    [Fact]
    public async Task FixedInstance_Malformed_ServedByAnotherAndLogged()
    {
        await using var cluster = await LbCluster.StartAsync();
        var (status, _, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", "not-an-address"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(LoggedFailover(cluster, "malformed"));
    }

    [Fact]
    public async Task FixedInstance_OutOfService_ServedByAnotherAndLogged()
    {
        await using var cluster = await LbCluster.StartAsync();
        cluster.Registry.Set([cluster.Instances[0], cluster.Instances[1] with { Status = InstanceStatus.OutOfService }, cluster.Instances[2]]);
        var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(1)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(cluster.Authority(1), servedBy);
        Assert.True(LoggedFailover(cluster, "not_up"));
        Assert.Equal(0, cluster.Count(1));
    }

    [Fact]
    public async Task StickyCookie_KeepsClientOnOneInstance_AndMovesItWhenThatInstanceDies()
    {
        await using var cluster = await LbCluster.StartAsync(services: "      load-balancer: RoundRobin\n      affinity:\n        mode: Cookie\n");
        var first = await cluster.SendAsync();
        var setCookie = first.Response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("portico-affinity-orders=", setCookie, StringComparison.Ordinal);
        var cookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
        Assert.DoesNotContain(first.ServedBy!, cookie, StringComparison.Ordinal);

        for (var i = 0; i < 6; i++)
        {
            var next = await cluster.SendAsync(null, ("Cookie", cookie));
            Assert.Equal(first.ServedBy, next.ServedBy);
            Assert.False(next.Response.Headers.Contains("Set-Cookie"));
        }

        // FIXED_INSTANCE means nothing in cookie mode.
        Assert.Equal(first.ServedBy, (await cluster.SendAsync(null, ("Cookie", cookie), ("FIXED_INSTANCE", "127.0.0.99:1"))).ServedBy);

        var pinned = Array.FindIndex(cluster.Instances, i => i.Authority == first.ServedBy);
        await cluster.StopAsync(pinned);
        var moved = await cluster.SendAsync(null, ("Cookie", cookie));
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.NotEqual(first.ServedBy, moved.ServedBy);
        var newCookie = moved.Response.Headers.GetValues("Set-Cookie").Single();
        Assert.NotEqual(cookie, newCookie[..newCookie.IndexOf(';', StringComparison.Ordinal)]);
    }
}
