using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.Health;
using Portico.LoadBalancing;
using Portico.Tests.LoadBalancing;

namespace Portico.Tests.Health;

public class InstanceHealthStoreTests
{
    private static readonly PassiveHealthCheckConfig EjectOnFirst = new() { ConsecutiveFailures = 1 };

    [Fact]
    public void IsHealthy_NeverReported_True()
    {
        var store = Lb.HealthStore();
        Assert.True(store.IsHealthy("orders", Lb.Instance("a")));
    }

    [Fact]
    public void ReportRequest_PassiveDisabled_NothingRecorded()
    {
        var store = Lb.HealthStore();
        var a = Lb.Instance("a");
        store.ReportRequest("orders", a, true, "connection failed", new PassiveHealthCheckConfig { Enabled = false, ConsecutiveFailures = 1 });
        Assert.True(store.IsHealthy("orders", a));
        Assert.Equal(0, store.GetReport("orders", a).ConsecutiveFailures);
    }

    [Fact]
    public void GetReports_ListsEveryRegisteredInstanceWithItsHealth()
    {
        var registry = new InMemoryServiceRegistry();
        var instances = Lb.Instances(2);
        registry.Set([.. instances, Lb.Instance("x", "10.0.1.1", app: "billing", status: InstanceStatus.Down)]);
        var store = Lb.HealthStore(registry: registry);
        store.ReportRequest("orders", instances[1], true, "connection failed", EjectOnFirst);

        var reports = store.GetReports();
        Assert.Equal(["billing/x", "orders/a", "orders/b"], reports.Select(r => $"{r.ServiceId}/{r.InstanceId}"));
        Assert.Equal(InstanceStatus.Down, reports[0].RegistryStatus);
        Assert.True(reports[1].Healthy);
        Assert.False(reports[2].Healthy);
        Assert.Equal("10.0.0.2:8080", reports[2].Authority);
        Assert.StartsWith("ejected for 10s after 1 consecutive failures", reports[2].Reason, StringComparison.Ordinal);
        Assert.NotNull(reports[2].EjectedUntil);
    }

    [Fact]
    public void RegistryChange_DropsHealthOfDepartedInstances()
    {
        var registry = new InMemoryServiceRegistry();
        var instances = Lb.Instances(2);
        registry.Set(instances);
        var store = Lb.HealthStore(registry: registry);
        store.ReportRequest("orders", instances[0], true, "connection failed", EjectOnFirst);
        Assert.False(store.IsHealthy("orders", instances[0]));

        registry.Set(instances[1]);
        registry.Set(instances);
        Assert.True(store.IsHealthy("orders", instances[0]));
    }

    [Fact]
    public void HealthyGauge_OnePerInstanceTaggedServiceAndInstance()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = new InMemoryServiceRegistry();
        var instances = Lb.Instances(2);
        registry.Set(instances);
        var store = new InstanceHealthStore(new ManualTimeProvider(), NullLogger<InstanceHealthStore>.Instance, registry, services.GetRequiredService<IMeterFactory>());
        store.ReportRequest("orders", instances[0], true, "connection failed", EjectOnFirst);

        var observed = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, store.Metrics!.Meter) && instrument.Name == "portico.instance.healthy")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(k => k.Key, k => (string)k.Value!);
            observed[$"{t["service"]}/{t["instance"]}"] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(new Dictionary<string, int> { ["orders/a"] = 0, ["orders/b"] = 1 }, observed);
    }
}
