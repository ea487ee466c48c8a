using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using Portico.Health;
using Portico.LoadBalancing;
using Portico.Routing;

namespace Portico.FunctionalTests.Health;

/// <summary>
/// The active health checker probing real Kestrel upstreams over loopback on the real clock: statuses, timeouts,
/// refused connections and the background loop's interval.
/// </summary>
public class ActiveHealthCheckerTests
{
    private static readonly ActiveHealthCheckConfig Probe = new()
    {
        Path = "/health",
        Timeout = TimeSpan.FromSeconds(5),
        HealthyThreshold = 2,
        UnhealthyThreshold = 3,
    };

    private readonly Registry _registry = new();
    private readonly InstanceHealthStore _store;

    public ActiveHealthCheckerTests() => _store = new(TimeProvider.System, NullLogger<InstanceHealthStore>.Instance, _registry);

    private ActiveHealthChecker Checker(PorticoConfig? config = null) =>
        new(new FixedSnapshots(config ?? new PorticoConfig()), _store, TimeProvider.System, NullLogger<ActiveHealthChecker>.Instance, _registry);

    [Fact]
    public async Task ProbeReturns500Then200_UnhealthyThenHealthyAfterThreshold()
    {
        var calls = 0;
        var paths = new List<string>();
        await using var upstream = await Upstream(context =>
        {
            lock (paths)
            {
                paths.Add(context.Request.Path + " " + context.Request.Headers.UserAgent);
            }

            context.Response.StatusCode = Interlocked.Increment(ref calls) <= 3 ? 500 : 200;
            return Task.CompletedTask;
        });
        var instance = Instance("a", "127.0.0.1", upstream.Port);
        _registry.Set(instance);
        using var checker = Checker();

        var states = new List<(bool Healthy, ActiveHealthState Active)>();
        for (var round = 0; round < 5; round++)
        {
            await checker.ProbeServiceAsync("orders", Probe, CancellationToken.None);
            var report = _store.GetReport("orders", instance);
            states.Add((report.Healthy, report.Active));
        }

        Assert.Equal(
            [
                (false, ActiveHealthState.Unhealthy),
                (false, ActiveHealthState.Unhealthy),
                (false, ActiveHealthState.Unhealthy),
                (false, ActiveHealthState.Unhealthy),
                (true, ActiveHealthState.Healthy),
            ],
            states);
        Assert.Equal("active check passed 2 times in a row: GET /health returned 200", _store.GetReport("orders", instance).Reason);
        Assert.All(paths, p => Assert.Equal("/health Portico-HealthCheck", p));
    }

    [Fact]
    public async Task HealthyStatusesConfigured_OtherStatusFails()
    {
        await using var upstream = await Upstream(context =>
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        var instance = Instance("a", "127.0.0.1", upstream.Port);
        _registry.Set(instance);
        using var checker = Checker();
        await checker.ProbeServiceAsync("orders", Probe with { HealthyStatuses = "200" }, CancellationToken.None);
        Assert.Equal("active check failed: GET /health returned 204", _store.GetReport("orders", instance).Reason);
    }

    [Fact]
    public async Task ProbeSlowerThanTimeout_Fails()
    {
        await using var upstream = await Upstream(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        var instance = Instance("a", "127.0.0.1", upstream.Port);
        _registry.Set(instance);
        using var checker = Checker();
        await checker.ProbeServiceAsync("orders", Probe with { Timeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None);
        var report = _store.GetReport("orders", instance);
        Assert.False(report.Healthy);
        Assert.Equal("active check failed: GET /health timed out after 200ms", report.Reason);
    }

    [Fact]
    public async Task NothingListening_FailsAsConnectionFailed()
    {
        int port;
        await using (var stopped = await Upstream(_ => Task.CompletedTask))
        {
            port = stopped.Port;
        }

        var instance = Instance("a", "127.0.0.1", port);
        _registry.Set(instance);
        using var checker = Checker();
        await checker.ProbeServiceAsync("orders", Probe, CancellationToken.None);
        Assert.Equal("active check failed: GET /health failed: connection failed", _store.GetReport("orders", instance).Reason);
    }

    [Fact]
    public async Task InstancesNotUp_AreNotProbed()
    {
        var calls = 0;
        await using var upstream = await Upstream(context =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });
        var down = Instance("a", "127.0.0.1", upstream.Port, status: InstanceStatus.OutOfService);
        _registry.Set(down);
        using var checker = Checker();
        await checker.ProbeServiceAsync("orders", Probe, CancellationToken.None);
        Assert.Equal(0, calls);
        Assert.Equal(ActiveHealthState.Unknown, _store.GetReport("orders", down).Active);
    }

    [Fact]
    public async Task BackgroundLoop_ProbesServicesWithAPathOnItsInterval()
    {
        await using var upstream = await Upstream(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        var orders = Instance("a", "127.0.0.1", upstream.Port);
        var billing = Instance("b", "127.0.0.1", upstream.Port, app: "billing");
        _registry.Set(orders, billing);
        var config = new PorticoConfig
        {
            Services = new Dictionary<string, ServiceConfig>(StringComparer.OrdinalIgnoreCase)
            {
                ["orders"] = new() { Health = new HealthConfig { Active = Probe with { Interval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromMilliseconds(100) } } },
            },
        };
        using var checker = Checker(config);
        await checker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (_store.GetReport("orders", orders).Active != ActiveHealthState.Unhealthy && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            await checker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(ActiveHealthState.Unhealthy, _store.GetReport("orders", orders).Active);
        Assert.Equal(ActiveHealthState.Unknown, _store.GetReport("billing", billing).Active);
    }

    private static Task<TestUpstream> Upstream(RequestDelegate handler) => TestUpstream.StartAsync(app => app.Run(handler));

    private static ServiceInstance Instance(string id, string host, int port, string app = "orders", InstanceStatus status = InstanceStatus.Up) =>
        new() { AppName = app, InstanceId = id, Host = host, Port = port, Status = status };

    private sealed class Registry : IServiceRegistry
    {
        private RegistrySnapshot _current = RegistrySnapshot.Empty;

        public RegistrySnapshot Current => Volatile.Read(ref _current);

        public event Action<RegistrySnapshot>? Changed;

        public void Set(params ServiceInstance[] instances)
        {
            var snapshot = new RegistrySnapshot(instances, Current.Version + 1);
            Volatile.Write(ref _current, snapshot);
            Changed?.Invoke(snapshot);
        }
    }

    private sealed class FixedSnapshots(PorticoConfig config) : IGatewaySnapshotProvider
    {
        public GatewaySnapshot Current { get; } = new(config, RouteTable.Empty, 1, DateTimeOffset.UnixEpoch);

        public ConfigReloadStatus Status => new(true, DateTimeOffset.UnixEpoch, [], 1);

        public ConfigReloadStatus Refresh() => Status;
    }
}
