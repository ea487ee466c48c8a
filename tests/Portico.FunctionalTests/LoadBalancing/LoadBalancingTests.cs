using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using Portico.LoadBalancing;

namespace Portico.FunctionalTests.LoadBalancing;

public sealed class LoadBalancingTests
{
    [Fact]
    public async Task RoundRobin_ThreeUpstreams_EvenSplitAndInstanceHeaderNamesTheServer()
    {
        await using var cluster = await LbCluster.StartAsync();
        var served = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var (status, servedBy, response) = await cluster.SendAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            var echo = await EchoResponse.ReadAsync(response);
            Assert.Equal(echo.Server, servedBy);
            served.Add(servedBy!);
        }

        Assert.Equal([10, 10, 10], Enumerable.Range(0, 3).Select(cluster.Count));
        Assert.Equal([cluster.Authority(0), cluster.Authority(1), cluster.Authority(2)], served.Take(3));
    }

    [Fact]
    public async Task PathAndQuery_ReachTheInstanceUnchanged()
    {
        await using var cluster = await LbCluster.StartAsync(count: 1);
        var (_, _, response) = await cluster.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/orders/a%20b?x=1&y=2"));
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Equal("/orders/a%20b?x=1&y=2", echo.RawTarget);
    }

    [Fact]
    public async Task ServiceWithoutInstances_503ProblemNamingTheService()
    {
        await using var cluster = await LbCluster.StartAsync(count: 1);
        cluster.Registry.Set([]);
        var (status, _, response) = await cluster.SendAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("No available instance for service 'orders'.", doc.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task InstancesNotUp_ReceiveNoTraffic()
    {
        await using var cluster = await LbCluster.StartAsync();
        cluster.Registry.Set([cluster.Instances[0] with { Status = InstanceStatus.OutOfService }, cluster.Instances[1], cluster.Instances[2] with { Status = InstanceStatus.Down }]);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(cluster.Authority(1), (await cluster.SendAsync()).ServedBy);
        }
    }

    [Fact]
    public async Task CustomPolicyFromDI_ChosenByName()
    {
        await using var cluster = await LbCluster.StartAsync(
            services: "      load-balancer: LastInstance\n",
            configureServices: s => s.AddSingleton<ILoadBalancingPolicy, LastInstancePolicy>());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(cluster.Authority(2), (await cluster.SendAsync()).ServedBy);
        }
    }

    [Fact]
    public async Task UnknownPolicy_GatewayRefusesToStartNamingTheField()
    {
        var ex = await Assert.ThrowsAsync<PorticoConfigException>(() => TestGateway.StartAsync(
            "portico:\n  routes:\n    - id: r\n      uri: lb://orders\n  services:\n    orders:\n      load-balancer: IpPriority\n"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("services.orders.load-balancer", error.Field);
        Assert.Contains("RoundRobin", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServicesReload_NewPolicyAppliesWithoutRestart()
    {
        await using var cluster = await LbCluster.StartAsync(services: "      load-balancer: LastInstance\n", configureServices: s => s.AddSingleton<ILoadBalancingPolicy, LastInstancePolicy>());
        Assert.Equal(cluster.Authority(2), (await cluster.SendAsync()).ServedBy);
        var text = await File.ReadAllTextAsync(cluster.Gateway.ConfigPath);
        var status = await cluster.Gateway.RewriteConfigAsync(text.Replace("LastInstance", "RoundRobin", StringComparison.Ordinal));
        Assert.True(status.Succeeded);
        var served = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            served.Add((await cluster.SendAsync()).ServedBy!);
        }

        Assert.Equal(3, served.Count);
    }

    private sealed class LastInstancePolicy : ILoadBalancingPolicy
    {
        public string Name => "LastInstance";

        public ServiceInstance? Pick(InstanceSelectionContext context) => context.Candidates[^1];
    }
}
