using Portico.Discovery;
using Portico.Health;
using Portico.LoadBalancing;
using Portico.Tests.LoadBalancing;

namespace Portico.Tests.Health;

public class HealthStepTests
{
    private static readonly PassiveHealthCheckConfig EjectOnFirstFailure = new() { ConsecutiveFailures = 1 };

    private static (InstanceHealthStore Store, ServiceInstance[] Instances) Setup(params string[] unhealthy)
    {
        var instances = Lb.Instances(3);
        var store = Lb.HealthStore();
        foreach (var id in unhealthy)
        {
            store.ReportRequest("orders", instances.Single(i => i.InstanceId == id), true, "connection failed", EjectOnFirstFailure);
        }

        return (store, instances);
    }

    [Fact]
    public void Apply_AllHealthy_KeepsAll()
    {
        var (store, instances) = Setup();
        var context = Lb.Context(instances);
        new HealthStep(store).Apply(context);
        Assert.Equal(["a", "b", "c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void Apply_SomeUnhealthy_RemovesThem()
    {
        var (store, instances) = Setup("b");
        var context = Lb.Context(instances);
        new HealthStep(store).Apply(context);
        Assert.Equal(["a", "c"], Lb.Ids(context.Candidates));
        Assert.False(context.Panic);
    }

    [Fact]
    public void Apply_PinnedUnhealthy_UnpinsAsUnhealthy()
    {
        var (store, instances) = Setup("b");
        var context = Lb.Context(instances);
        context.RequestInstance("10.0.0.2:8080");
        context.Pin(instances[1]);
        new HealthStep(store).Apply(context);
        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.Unhealthy, context.FailoverReason);
    }

    [Fact]
    public void Apply_AllUnhealthyWithFail_RemovesAll()
    {
        var (store, instances) = Setup("a", "b", "c");
        var context = Lb.Context(instances);
        new HealthStep(store).Apply(context);
        Assert.Equal(0, context.Candidates.Length);
        Assert.False(context.Panic);
    }

    [Fact]
    public void Apply_AllUnhealthyWithPanic_KeepsAllAndThePin()
    {
        var (store, instances) = Setup("a", "b", "c");
        var settings = new ServiceConfig { Health = new HealthConfig { AllUnhealthy = AllUnhealthyBehavior.Panic } };
        var context = Lb.Context(instances, settings: settings);
        context.Pin(instances[2]);
        new HealthStep(store).Apply(context);
        Assert.Equal(3, context.Candidates.Length);
        Assert.True(context.Panic);
        Assert.Same(instances[2], context.Pinned);
    }

    [Fact]
    public void Apply_ActiveUnhealthy_Removed()
    {
        var (store, instances) = Setup();
        store.ReportProbe("orders", instances[0], false, "GET /health returned 500", new ActiveHealthCheckConfig());
        var context = Lb.Context(instances);
        new HealthStep(store).Apply(context);
        Assert.Equal(["b", "c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void Apply_HealthIsPerService()
    {
        var (store, instances) = Setup("a");
        var context = Lb.Context(instances, serviceId: "billing");
        new HealthStep(store).Apply(context);
        Assert.Equal(3, context.Candidates.Length);
    }
}
