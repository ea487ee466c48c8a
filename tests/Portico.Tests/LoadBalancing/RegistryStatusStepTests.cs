using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class RegistryStatusStepTests
{
    [Fact]
    public void Apply_KeepsOnlyUpInstances()
    {
        var context = Lb.Context([
            Lb.Instance("a"),
            Lb.Instance("b", status: InstanceStatus.Down),
            Lb.Instance("c", status: InstanceStatus.Starting),
            Lb.Instance("d", status: InstanceStatus.OutOfService),
            Lb.Instance("e", status: InstanceStatus.Unknown),
            Lb.Instance("f"),
        ]);
        new RegistryStatusStep().Apply(context);
        Assert.Equal(["a", "f"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void Order_IsRegistryStatus() => Assert.Equal(InstanceSelectionStepOrder.RegistryStatus, new RegistryStatusStep().Order);
}
