using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.LoadBalancing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.LoadBalancing;

public class InstanceSelectorTests
{
    private readonly InMemoryServiceRegistry _registry = new();

    private InstanceSelector Selector(params IInstanceSelectionStep[] extra) => new(
        [
            new LoadBalancingStep([new RoundRobinPolicy()], NullLogger<LoadBalancingStep>.Instance),
            new AffinityStep(),
            new RegistryStatusStep(),
            .. extra,
        ],
        new InstanceLoadTracker(),
        _registry);

    private static readonly ServiceConfig RoundRobin = new() { LoadBalancer = LoadBalancingPolicies.RoundRobin };

    [Fact]
    public void Steps_RunInOrder()
    {
        var selector = Selector(new LabelStep("b"));
        Assert.Equal([100, 200, 300, 1000], selector.Steps.Select(s => s.Order));
    }

    [Fact]
    public void InsertedLabelStep_NarrowsBeforeAffinity_PinOutsideIsNotAllowed()
    {
        _registry.Set(Lb.Instances(3));
        var selector = Selector(new LabelStep("b"));
        var exchange = TestExchange.Create(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]);
        var selection = selector.Select(exchange, "orders", RoundRobin, default);
        Assert.Equal("b", selection.Instance!.InstanceId);
        Assert.Equal(AffinityFailoverReason.NotAllowed, selection.FailoverReason);
        Assert.Equal("10.0.0.1:8080", selection.RequestedInstance);
    }

    [Fact]
    public void Select_NoRegistry_NoInstance()
    {
        var selector = new InstanceSelector([new LoadBalancingStep([new RoundRobinPolicy()], NullLogger<LoadBalancingStep>.Instance)], new InstanceLoadTracker());
        var selection = selector.Select(TestExchange.Create(), "orders", RoundRobin, default);
        Assert.Null(selection.Instance);
        Assert.Equal(0, selection.RegisteredCount);
    }

    [Fact]
    public void Select_ReusedContext_CarriesNothingOver()
    {
        _registry.Set(Lb.Instances(3));
        var selector = Selector();
        var pinned = selector.Select(TestExchange.Create(headers: [new("FIXED_INSTANCE", "10.0.0.3:8080")]), "orders", RoundRobin, default);
        Assert.Equal("c", pinned.Instance!.InstanceId);
        var plain = selector.Select(TestExchange.Create(), "orders", RoundRobin, default);
        Assert.Null(plain.RequestedInstance);
        Assert.Equal(AffinityFailoverReason.None, plain.FailoverReason);
        Assert.Equal("a", plain.Instance!.InstanceId);
    }

    [Fact]
    public void Select_ServiceIdIsCaseInsensitive()
    {
        _registry.Set([.. Lb.Instances(2), Lb.Instance("p", "10.0.1.1", app: "payments")]);

        var selection = Selector().Select(TestExchange.Create(), "ORDERS", RoundRobin, default);

        Assert.Equal("a", selection.Instance!.InstanceId);
        Assert.Equal("orders", selection.Instance.AppName);
        Assert.Equal(2, selection.RegisteredCount);
    }

    [Fact]
    public void Select_Attempted_PassedToSteps()
    {
        var instances = Lb.Instances(2);
        _registry.Set(instances);
        var selection = Selector(new PreviousAttemptsStep()).Select(TestExchange.Create(), "orders", RoundRobin, [instances[0]]);
        Assert.Equal("b", selection.Instance!.InstanceId);
    }

    private sealed class LabelStep(string keep) : IInstanceSelectionStep
    {
        public int Order => InstanceSelectionStepOrder.Labels;

        public void Apply(InstanceSelectionContext context) =>
            context.RetainWhere(keep, static (instance, id) => instance.InstanceId == id);
    }
}
