using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class InstanceLoadTrackerTests
{
    [Fact]
    public void Get_SameInstanceIdAfterHeartbeat_SameCounter()
    {
        var tracker = new InstanceLoadTracker();
        var a = Lb.Instance("a");
        tracker.Get("orders", a).Increment();
        Assert.Equal(1, tracker.GetActiveRequests("orders", a with { LastHeartbeat = DateTimeOffset.UnixEpoch }));
    }

    [Fact]
    public void Get_AddressChangedUnderSameId_AuthorityFollows()
    {
        var tracker = new InstanceLoadTracker();
        Assert.Equal("10.0.0.1:8080", tracker.Get("orders", Lb.Instance("a")).Authority);
        Assert.Equal("[::1]:9000", tracker.Get("orders", Lb.Instance("a", "::1", 9000)).Authority);
    }

    [Fact]
    public void RegistryChange_DropsDepartedInstances()
    {
        var registry = new InMemoryServiceRegistry();
        var instances = Lb.Instances(2);
        registry.Set(instances);
        var tracker = new InstanceLoadTracker(registry);
        tracker.Get("orders", instances[0]).Increment();
        tracker.Get("orders", instances[1]).Increment();
        registry.Set(instances[1]);
        Assert.Equal(0, tracker.GetActiveRequests("orders", instances[0]));
        Assert.Equal(1, tracker.GetActiveRequests("orders", instances[1]));
    }
}
