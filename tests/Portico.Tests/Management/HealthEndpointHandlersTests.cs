using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portico.Management;

namespace Portico.Tests.Management;

public class HealthEndpointHandlersTests
{
    [Fact]
    public async Task ReadinessAsync_Running_IsUpWithComponents()
    {
        using var lifetime = new FakeLifetime();
        var handlers = Create(lifetime);
        var context = ManagementTestSupport.Context();

        await handlers.ReadinessAsync(context);

        using var json = ManagementTestSupport.ReadJson(context);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("UP", json.RootElement.GetProperty("status").GetString());
        var components = json.RootElement.GetProperty("components");
        Assert.Equal("UP", components.GetProperty("readinessState").GetProperty("status").GetString());
        Assert.Equal(3, components.GetProperty("gateway").GetProperty("details").GetProperty("generation").GetInt64());
        Assert.False(components.TryGetProperty("livenessState", out _));
    }

    [Fact]
    public async Task ReadinessAsync_Stopping_IsDownWith503()
    {
        using var lifetime = new FakeLifetime();
        var handlers = Create(lifetime);
        lifetime.StopApplication();
        var context = ManagementTestSupport.Context();

        await handlers.ReadinessAsync(context);

        using var json = ManagementTestSupport.ReadJson(context);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("DOWN", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("DOWN", json.RootElement.GetProperty("components").GetProperty("readinessState").GetProperty("status").GetString());
    }

    [Fact]
    public async Task LivenessAsync_Stopping_StaysUp()
    {
        using var lifetime = new FakeLifetime();
        var handlers = Create(lifetime);
        lifetime.StopApplication();
        var context = ManagementTestSupport.Context();

        await handlers.LivenessAsync(context);

        using var json = ManagementTestSupport.ReadJson(context);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("UP", json.RootElement.GetProperty("components").GetProperty("livenessState").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthAsync_UnhealthyCheck_IsDownAndTaggedChecksJoinTheirGroup()
    {
        using var lifetime = new FakeLifetime();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddHealthChecks()
            .AddCheck("database", () => HealthCheckResult.Unhealthy("connection refused", new InvalidOperationException("secret detail")), tags: ["ready"])
            .AddCheck("disk", () => HealthCheckResult.Degraded("almost full", data: new Dictionary<string, object> { ["free"] = 42L }), tags: ["live"])
            .Services.BuildServiceProvider();
        var handlers = Create(lifetime, services.GetRequiredService<HealthCheckService>());

        var all = ManagementTestSupport.Context();
        await handlers.HealthAsync(all);
        var liveness = ManagementTestSupport.Context();
        await handlers.LivenessAsync(liveness);

        using var allJson = ManagementTestSupport.ReadJson(all);
        Assert.Equal(503, all.Response.StatusCode);
        var database = allJson.RootElement.GetProperty("components").GetProperty("database");
        Assert.Equal("DOWN", database.GetProperty("status").GetString());
        Assert.Equal("connection refused", database.GetProperty("details").GetProperty("description").GetString());
        Assert.DoesNotContain("secret detail", allJson.RootElement.GetRawText(), StringComparison.Ordinal);

        using var liveJson = ManagementTestSupport.ReadJson(liveness);
        Assert.Equal(200, liveness.Response.StatusCode);
        var components = liveJson.RootElement.GetProperty("components");
        Assert.False(components.TryGetProperty("database", out _));
        Assert.Equal(42, components.GetProperty("disk").GetProperty("details").GetProperty("free").GetInt64());
        Assert.True(components.GetProperty("disk").GetProperty("details").GetProperty("degraded").GetBoolean());
    }

    [Fact]
    public async Task HealthAsync_ClientOutsideAllowedNetworks_ShowsStatusOnly()
    {
        using var lifetime = new FakeLifetime();
        var handlers = Create(lifetime);
        var context = ManagementTestSupport.Context("198.51.100.7");

        await handlers.HealthAsync(context);

        using var json = ManagementTestSupport.ReadJson(context);
        Assert.Equal("{\"status\":\"UP\"}", json.RootElement.GetRawText());
    }

    private static HealthEndpointHandlers Create(FakeLifetime lifetime, HealthCheckService? checks = null) =>
        new(
            FixedSnapshots.Empty(),
            new GatewayLifecycle(TimeProvider.System, lifetime),
            ManagementAccessPolicy.Create(new ManagementOptions { ExposeHealthPublicly = true }),
            checks);
}
