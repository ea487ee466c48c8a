using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class LoadBalancingStepTests
{
    private static LoadBalancingStep Step(params ILoadBalancingPolicy[] extra) =>
        new([new PowerOfTwoChoicesPolicy(new SequenceRandom(0, 0)), new RoundRobinPolicy(), .. extra], NullLogger<LoadBalancingStep>.Instance);

    [Fact]
    public void Apply_Pinned_SelectsThePin()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances, settings: new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin });
        context.Pin(instances[2]);
        Step().Apply(context);
        Assert.Same(instances[2], context.Selected);
    }

    [Fact]
    public void Apply_PolicyNameIsCaseInsensitive()
    {
        var instances = Lb.Instances(3);
        var step = Step();
        var picks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var context = Lb.Context(instances, settings: new ServiceConfig { LoadBalancer = "roundrobin" });
            step.Apply(context);
            picks.Add(context.Selected!.InstanceId);
        }

        Assert.Equal(["a", "b", "c", "a"], picks);
    }

    [Fact]
    public void Apply_CustomPolicyByName_IsUsed()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances, settings: new ServiceConfig { LoadBalancer = "Last" });
        Step(new LastPolicy()).Apply(context);
        Assert.Same(instances[2], context.Selected);
    }

    [Fact]
    public void Apply_CustomPolicyWithBuiltInName_ReplacesIt()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances, settings: new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin });
        Step(new LastPolicy(LoadBalancingPolicies.RoundRobin)).Apply(context);
        Assert.Same(instances[2], context.Selected);
    }

    [Fact]
    public void Apply_UnknownPolicy_FallsBackToPowerOfTwoChoices()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances, settings: new ServiceConfig { LoadBalancer = "Missing" });
        Step().Apply(context);
        Assert.Same(instances[0], context.Selected);
    }

    [Fact]
    public void Apply_NoCandidates_SelectsNothing()
    {
        var context = Lb.Context([]);
        Step().Apply(context);
        Assert.Null(context.Selected);
    }

    [Fact]
    public void Apply_AlreadySelectedByEarlierStep_KeepsIt()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances);
        context.Selected = instances[1];
        Step().Apply(context);
        Assert.Same(instances[1], context.Selected);
    }

    private sealed class LastPolicy(string name = "Last") : ILoadBalancingPolicy
    {
        public string Name => name;

        public ServiceInstance? Pick(InstanceSelectionContext context) => context.Candidates[^1];
    }
}
