using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class InstanceSelectionContextTests
{
    [Fact]
    public void Initialize_CandidatesAreTheRegisteredInstancesInOrder()
    {
        var context = Lb.Context(Lb.Instances(3));
        Assert.Equal(["a", "b", "c"], Lb.Ids(context.Candidates));
        Assert.Equal(3, context.Registered.Count);
    }

    [Fact]
    public void Initialize_MoreInstancesThanTheBuffer_GrowsIt()
    {
        var context = Lb.Context(Lb.Instances(20));
        Assert.Equal(20, context.Candidates.Length);
        Assert.Equal("t", context.Candidates[19].InstanceId);
    }

    [Fact]
    public void RetainWhere_KeepsMatchingCandidatesInOrder()
    {
        var context = Lb.Context(Lb.Instances(5));
        context.RetainWhere("b,d", static (i, keep) => keep.Contains(i.InstanceId, StringComparison.Ordinal));
        Assert.Equal(["b", "d"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void RetainWhere_RemovesPinned_UnpinsWithTheGivenReason()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances);
        context.RequestInstance("10.0.0.2:8080");
        context.Pin(instances[1]);
        context.RetainWhere(0, static (i, _) => i.InstanceId != "b", AffinityFailoverReason.Unhealthy);
        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.Unhealthy, context.FailoverReason);
        Assert.Equal("10.0.0.2:8080", context.RequestedInstance);
    }

    [Fact]
    public void RetainWhere_KeepsPinned_PinStays()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances);
        context.Pin(instances[1]);
        context.RetainWhere(0, static (i, _) => i.InstanceId != "c");
        Assert.Same(instances[1], context.Pinned);
        Assert.Equal(AffinityFailoverReason.None, context.FailoverReason);
    }

    [Fact]
    public void Pin_NotACandidate_Throws()
    {
        var context = Lb.Context(Lb.Instances(2));
        Assert.Throws<ArgumentException>(() => context.Pin(Lb.Instance("zz")));
    }

    [Fact]
    public void RemoveAll_EmptiesAndUnpins()
    {
        var instances = Lb.Instances(2);
        var context = Lb.Context(instances);
        context.Pin(instances[0]);
        context.RemoveAll(AffinityFailoverReason.Unhealthy);
        Assert.Equal(0, context.Candidates.Length);
        Assert.Equal(AffinityFailoverReason.Unhealthy, context.FailoverReason);
    }

    [Fact]
    public void Reset_DropsEveryReference()
    {
        var instances = Lb.Instances(2);
        var context = Lb.Context(instances, attempted: [instances[0]]);
        context.Pin(instances[1]);
        context.Selected = instances[1];
        context.Panic = true;
        context.Reset();
        Assert.Equal(0, context.Candidates.Length);
        Assert.Equal(0, context.Attempted.Length);
        Assert.Null(context.Pinned);
        Assert.Null(context.Selected);
        Assert.False(context.Panic);
        Assert.Empty(context.Registered);
    }
}
