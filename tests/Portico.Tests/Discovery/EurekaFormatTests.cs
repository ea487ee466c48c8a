using Portico.Discovery;
using Portico.Discovery.Eureka;
using static Portico.Tests.Discovery.RegistryTestSupport;

namespace Portico.Tests.Discovery;

public sealed class EurekaFormatTests
{
    [Fact]
    public void HashCode_CountsByStatusInNameOrder()
    {
        var hash = EurekaFormat.HashCode([
            Instance(id: "1"), Instance(id: "2", status: InstanceStatus.Down), Instance(id: "3"), Instance(id: "4", status: InstanceStatus.OutOfService),
        ]);

        Assert.Equal("DOWN_1_OUT_OF_SERVICE_1_UP_2_", hash);
    }

    [Fact]
    public void HashCode_Empty_IsEmptyString() => Assert.Equal("", EurekaFormat.HashCode([]));

    [Fact]
    public void Ports_HttpsWithoutDetails_SecurePortEnabled()
    {
        var (port, portEnabled, securePort, secureEnabled) = EurekaFormat.Ports(Instance(port: 8443) with { Scheme = "https" });

        Assert.Equal((80, false, 8443, true), (port, portEnabled, securePort, secureEnabled));
    }

    [Fact]
    public void Delta_GroupsByAppKeepingOrder()
    {
        var t = DateTimeOffset.UnixEpoch;
        var delta = new RegistryDelta(
            [new DeltaEntry(t, DeltaAction.Added, Instance(app: "a", id: "1")), new DeltaEntry(t, DeltaAction.Added, Instance(app: "b", id: "1")), new DeltaEntry(t, DeltaAction.Deleted, Instance(app: "A", id: "1"))],
            new RegistrySnapshot([Instance(app: "b", id: "1")], 4));

        var apps = EurekaFormat.Delta(delta);

        Assert.Equal(["a", "b"], apps.Apps.Select(a => a.Name));
        Assert.Equal([DeltaAction.Added, DeltaAction.Deleted], apps.Apps[0].Instances.Select(i => i.Action));
        Assert.Equal("UP_1_", apps.HashCode);
    }
}
