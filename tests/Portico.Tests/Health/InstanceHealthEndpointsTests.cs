using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.Health;
using Portico.LoadBalancing;
using Portico.Tests.LoadBalancing;

namespace Portico.Tests.Health;

public class InstanceHealthEndpointsTests
{
    [Fact]
    public async Task Write_ListsInstancesWithHealthReasonAndActiveRequests()
    {
        var registry = new InMemoryServiceRegistry();
        var instances = Lb.Instances(2);
        registry.Set([.. instances, Lb.Instance("x", app: "billing")]);
        var store = Lb.HealthStore(registry: registry);
        store.ReportRequest("orders", instances[1], true, "connection failed", new PassiveHealthCheckConfig { ConsecutiveFailures = 1 });
        var load = new InstanceLoadTracker(registry);
        load.Get("orders", instances[0]).Increment();
        using var services = new ServiceCollection()
            .AddSingleton<IInstanceHealthView>(store)
            .AddSingleton(load)
            .BuildServiceProvider();

        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.QueryString = new QueryString("?service=ORDERS");
        context.Response.Body = new MemoryStream();
        await InstanceHealthEndpoints.WriteAsync(context);

        Assert.Equal("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(context.Response.Body);
        var items = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal("a", items[0].GetProperty("instanceId").GetString());
        Assert.True(items[0].GetProperty("healthy").GetBoolean());
        Assert.Equal(1, items[0].GetProperty("activeRequests").GetInt32());
        Assert.Equal("UP", items[0].GetProperty("registryStatus").GetString());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("reason").ValueKind);
        Assert.Equal("10.0.0.2:8080", items[1].GetProperty("authority").GetString());
        Assert.False(items[1].GetProperty("healthy").GetBoolean());
        Assert.True(items[1].GetProperty("ejected").GetBoolean());
        Assert.StartsWith("ejected for 10s", items[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Unknown", items[1].GetProperty("active").GetString());
    }
}
