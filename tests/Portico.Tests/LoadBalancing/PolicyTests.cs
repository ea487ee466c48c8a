using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class RoundRobinPolicyTests
{
    [Fact]
    public void Pick_CyclesThroughCandidatesInOrder()
    {
        var policy = new RoundRobinPolicy();
        var context = Lb.Context(Lb.Instances(3));
        var picks = Enumerable.Range(0, 7).Select(_ => policy.Pick(context)!.InstanceId).ToArray();
        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], picks);
    }

    [Fact]
    public void Pick_CountersArePerService()
    {
        var policy = new RoundRobinPolicy();
        var orders = Lb.Context(Lb.Instances(2), serviceId: "orders");
        var billing = Lb.Context(Lb.Instances(2, "billing"), serviceId: "billing");
        Assert.Equal("a", policy.Pick(orders)!.InstanceId);
        Assert.Equal("a", policy.Pick(billing)!.InstanceId);
        Assert.Equal("b", policy.Pick(orders)!.InstanceId);
    }

    [Fact]
    public void Pick_ThousandPicks_EvenSplit()
    {
        var policy = new RoundRobinPolicy();
        var context = Lb.Context(Lb.Instances(4));
        var counts = Count(Enumerable.Range(0, 1000).Select(_ => policy.Pick(context)!));
        Assert.Equal([250, 250, 250, 250], counts);
    }

    [Fact]
    public void Pick_NoCandidates_Null() => Assert.Null(new RoundRobinPolicy().Pick(Lb.Context([])));

    internal static int[] Count(IEnumerable<ServiceInstance> picks) =>
        picks.GroupBy(p => p.InstanceId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count()).ToArray();
}

public class RandomPolicyTests
{
    [Fact]
    public void Pick_ReturnsTheCandidateAtTheRandomIndex()
    {
        var random = new SequenceRandom(2, 0, 1);
        var policy = new RandomPolicy(random);
        var context = Lb.Context(Lb.Instances(3));
        Assert.Equal(["c", "a", "b"], Enumerable.Range(0, 3).Select(_ => policy.Pick(context)!.InstanceId));
        Assert.Equal([3, 3, 3], random.Bounds);
    }

    [Fact]
    public void Pick_ThousandPicksOverUniformSequence_CountsFollowIt()
    {
        var policy = new RandomPolicy(new SequenceRandom());
        var context = Lb.Context(Lb.Instances(3));
        Assert.Equal([334, 333, 333], RoundRobinPolicyTests.Count(Enumerable.Range(0, 1000).Select(_ => policy.Pick(context)!)));
    }

    [Fact]
    public void Pick_SystemRandom_EveryInstanceChosenOverThousandPicks()
    {
        var policy = new RandomPolicy(new SystemRandomSource());
        var context = Lb.Context(Lb.Instances(3));
        var counts = RoundRobinPolicyTests.Count(Enumerable.Range(0, 1000).Select(_ => policy.Pick(context)!));
        Assert.Equal(3, counts.Length);
        Assert.Equal(1000, counts.Sum());
    }
}

public class LeastRequestsPolicyTests
{
    [Fact]
    public void Pick_FewestActiveRequestsWins()
    {
        var instances = Lb.Instances(3);
        var load = new InstanceLoadTracker();
        Busy(load, instances[0], 2);
        Busy(load, instances[1], 1);
        Busy(load, instances[2], 3);
        var context = Lb.Context(instances, load: load);
        Assert.Same(instances[1], new LeastRequestsPolicy().Pick(context));
    }

    [Fact]
    public void Pick_Tie_FirstWins()
    {
        var instances = Lb.Instances(3);
        var load = new InstanceLoadTracker();
        Busy(load, instances[0], 1);
        var context = Lb.Context(instances, load: load);
        Assert.Same(instances[1], new LeastRequestsPolicy().Pick(context));
    }

    [Fact]
    public void Pick_LoadFollowsCompletion()
    {
        var instances = Lb.Instances(2);
        var load = new InstanceLoadTracker();
        var policy = new LeastRequestsPolicy();
        var picks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var pick = policy.Pick(Lb.Context(instances, load: load))!;
            load.Get("orders", pick).Increment();
            picks.Add(pick.InstanceId);
        }

        Assert.Equal(["a", "b", "a", "b"], picks);
    }

    internal static void Busy(InstanceLoadTracker load, ServiceInstance instance, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            load.Get("orders", instance).Increment();
        }
    }
}

public class PowerOfTwoChoicesPolicyTests
{
    [Fact]
    public void Pick_TwoDistinctDraws_LessLoadedWins()
    {
        var instances = Lb.Instances(4);
        var load = new InstanceLoadTracker();
        LeastRequestsPolicyTests.Busy(load, instances[1], 5);
        LeastRequestsPolicyTests.Busy(load, instances[3], 1);

        // First draw 1 (b); second draw 2 of the remaining three skips b, so d.
        var random = new SequenceRandom(1, 2);
        var pick = new PowerOfTwoChoicesPolicy(random).Pick(Lb.Context(instances, load: load));
        Assert.Same(instances[3], pick);
        Assert.Equal([4, 3], random.Bounds);
    }

    [Fact]
    public void Pick_SecondDrawBelowFirst_NotShifted()
    {
        var instances = Lb.Instances(4);
        var load = new InstanceLoadTracker();
        LeastRequestsPolicyTests.Busy(load, instances[3], 2);
        var pick = new PowerOfTwoChoicesPolicy(new SequenceRandom(3, 0)).Pick(Lb.Context(instances, load: load));
        Assert.Same(instances[0], pick);
    }

    [Fact]
    public void Pick_EqualLoad_FirstDrawWins()
    {
        var instances = Lb.Instances(3);
        var pick = new PowerOfTwoChoicesPolicy(new SequenceRandom(2, 0)).Pick(Lb.Context(instances));
        Assert.Same(instances[2], pick);
    }

    [Fact]
    public void Pick_SingleCandidate_NoRandomness()
    {
        var random = new SequenceRandom();
        var instances = Lb.Instances(1);
        Assert.Same(instances[0], new PowerOfTwoChoicesPolicy(random).Pick(Lb.Context(instances)));
        Assert.Empty(random.Bounds);
    }

    [Fact]
    public void Pick_ThousandPicksWithOneBusyInstance_BusyOneNeverWins()
    {
        var instances = Lb.Instances(3);
        var load = new InstanceLoadTracker();
        LeastRequestsPolicyTests.Busy(load, instances[0], 10);
        var policy = new PowerOfTwoChoicesPolicy(new SequenceRandom());
        var context = Lb.Context(instances, load: load);
        var picks = Enumerable.Range(0, 1000).Select(_ => policy.Pick(context)!).ToList();
        Assert.DoesNotContain(picks, p => p.InstanceId == "a");
        Assert.Equal(1000, picks.Count(p => p.InstanceId is "b" or "c"));
    }
}

public class WeightedPolicyTests
{
    [Fact]
    public void Pick_ThousandPicksOverUniformSequence_ProportionalToWeight()
    {
        var instances = new[] { Lb.Instance("a", weight: 1), Lb.Instance("b", weight: 2), Lb.Instance("c", weight: 7) };
        var policy = new WeightedPolicy(new SequenceRandom());
        var context = Lb.Context(instances);
        Assert.Equal([100, 200, 700], RoundRobinPolicyTests.Count(Enumerable.Range(0, 1000).Select(_ => policy.Pick(context)!)));
    }

    [Theory]
    [InlineData(0, "a")]
    [InlineData(1, "b")]
    [InlineData(2, "b")]
    [InlineData(3, "c")]
    public void Pick_RandomPointMapsToWeightBand(int point, string expected)
    {
        var instances = new[] { Lb.Instance("a", weight: 1), Lb.Instance("b", weight: 2), Lb.Instance("c", weight: 1) };
        Assert.Equal(expected, new WeightedPolicy(new SequenceRandom(point)).Pick(Lb.Context(instances))!.InstanceId);
    }

    [Fact]
    public void Pick_MetadataWeightOverridesRecordWeight()
    {
        var instances = new[] { Lb.Instance("a", weight: 5, metadata: new() { ["weight"] = "0" }), Lb.Instance("b", weight: 1) };
        var random = new SequenceRandom(0);
        Assert.Equal("b", new WeightedPolicy(random).Pick(Lb.Context(instances))!.InstanceId);
        Assert.Equal([1], random.Bounds);
    }

    [Fact]
    public void Pick_AllWeightsZero_Uniform()
    {
        var instances = new[] { Lb.Instance("a", weight: 0), Lb.Instance("b", weight: 0) };
        Assert.Equal("b", new WeightedPolicy(new SequenceRandom(1)).Pick(Lb.Context(instances))!.InstanceId);
    }

    [Fact]
    public void WeightOf_UnparsableMetadata_UsesRecordWeight() =>
        Assert.Equal(3, WeightedPolicy.WeightOf(Lb.Instance("a", weight: 3, metadata: new() { ["weight"] = "heavy" })));
}
