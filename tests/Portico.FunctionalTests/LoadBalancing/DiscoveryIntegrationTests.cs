using System.Net;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.LoadBalancing;

/// <summary>Load balancing over the gateway's own registry, with instances declared in <c>discovery.static</c>.</summary>
public sealed class DiscoveryIntegrationTests
{
    private static async Task<(TestUpstream A, TestUpstream B, TestGateway Gateway)> StartAsync(string services)
    {
        var a = await TestUpstream.StartAsync(address: "127.0.0.2");
        var b = await TestUpstream.StartAsync(address: "127.0.0.3");
        var gateway = await TestGateway.StartAsync($$"""
            portico:
              routes:
                - id: orders
                  uri: lb://orders
                  metadata:
                    instance-header: X-Portico-Instance
              discovery:
                static:
                  orders:
                    - { id: orders-a, host: 127.0.0.2, port: {{a.Port}}, weight: 0 }
                    - { id: orders-b, host: 127.0.0.3, port: {{b.Port}}, weight: 5 }
              services:
                orders:
            {{services}}
            """);
        return (a, b, gateway);
    }

    private static async Task<string?> ServedByAsync(TestGateway gateway, string? fixedInstance = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        if (fixedInstance is not null)
        {
            request.Headers.Add("FIXED_INSTANCE", fixedInstance);
        }

        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Portico-Instance").Single();
    }

    [Fact]
    public async Task Weighted_WeightFromDiscovery_ZeroWeightInstanceGetsNothing()
    {
        var (a, b, gateway) = await StartAsync("      load-balancer: Weighted");
        await using (a)
        await using (b)
        await using (gateway)
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(b.Authority, await ServedByAsync(gateway));
            }
        }
    }

    [Fact]
    public async Task FixedInstance_PinsToAStaticInstance()
    {
        var (a, b, gateway) = await StartAsync("      load-balancer: RoundRobin");
        await using (a)
        await using (b)
        await using (gateway)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(a.Authority, await ServedByAsync(gateway, a.Authority));
            }
        }
    }
}
