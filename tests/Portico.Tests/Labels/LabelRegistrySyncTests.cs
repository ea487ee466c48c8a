using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Discovery;
using Portico.Labels;
using Portico.LoadBalancing;
using Portico.Routing;
using Portico.Tests.Linkis;
using Portico.Tests.Management;
using static Portico.Tests.Labels.LabelTestSupport;

namespace Portico.Tests.Labels;

public sealed class LabelRegistrySyncTests : IDisposable
{
    private const string Entrance = "linkis-cg-entrance";

    private readonly LabelStore _store = MemoryStore();
    private readonly TestRegistry _registry = new(RegistrySnapshot.Empty);

    public void Dispose() => _store.Dispose();

    private LabelRegistrySync Sync(string metadataKey = "route") => new(
        _registry,
        _store,
        new FixedSnapshots(new GatewaySnapshot(new PorticoConfig { Labels = new LabelsConfig { MetadataKey = metadataKey } }, RouteTable.Empty, 1, DateTimeOffset.UnixEpoch)),
        NullLogger<LabelRegistrySync>.Instance);

    private static ServiceInstance Instance(string authority, string? route = null, string app = Entrance, string metadataKey = "route")
    {
        var instance = LinkisTestSupport.Instance(app + "@" + authority);
        return route is null ? instance : instance with { Metadata = new Dictionary<string, string> { [metadataKey] = route } };
    }

    private static RegistrySnapshot Snapshot(long version, params ServiceInstance[] instances) => new(instances, version);

    [Fact]
    public async Task Registered_WithRouteMetadata_GetsRouteLabel()
    {
        await Sync().ApplyAsync(RegistrySnapshot.Empty, Snapshot(1, Instance("10.0.0.1:9104", "et1"), Instance("10.0.0.2:9104")), default);

        Assert.Equal(["route=et1"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));
        Assert.Null(_store.Current.Find(Entrance, "10.0.0.2:9104"));
    }

    [Fact]
    public async Task ConfiguredMetadataKey_IsTheOneRead()
    {
        await Sync("linkis.route").ApplyAsync(RegistrySnapshot.Empty, Snapshot(1, Instance("10.0.0.1:9104", "et1", metadataKey: "linkis.route"), Instance("10.0.0.2:9104", "et2")), default);

        Assert.Equal(["route=et1"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));
        Assert.Null(_store.Current.Find(Entrance, "10.0.0.2:9104"));
    }

    [Fact]
    public async Task MetadataChanged_RouteLabelFollows_OtherLabelsKept()
    {
        var before = Snapshot(1, Instance("10.0.0.1:9104", "et1"));
        await Sync().ApplyAsync(RegistrySnapshot.Empty, before, default);
        await _store.AddAsync(Entrance, "10.0.0.1:9104", Pairs("tenant=t1"));

        await Sync().ApplyAsync(before, Snapshot(2, Instance("10.0.0.1:9104", "et2")), default);

        Assert.Equal(["route=et2", "tenant=t1"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));
    }

    [Fact]
    public async Task MetadataRemoved_RouteLabelRemoved()
    {
        var before = Snapshot(1, Instance("10.0.0.1:9104", "et1"));
        await Sync().ApplyAsync(RegistrySnapshot.Empty, before, default);

        await Sync().ApplyAsync(before, Snapshot(2, Instance("10.0.0.1:9104")), default);

        Assert.False(_store.Current.Find(Entrance, "10.0.0.1:9104")!.IsLabelled);
    }

    [Fact]
    public async Task MetadataUnchanged_LabelSetThroughApiIsKept()
    {
        var before = Snapshot(1, Instance("10.0.0.1:9104", "et1"));
        await Sync().ApplyAsync(RegistrySnapshot.Empty, before, default);
        await _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et9");

        // A heartbeat: a new record, the same metadata.
        await Sync().ApplyAsync(before, Snapshot(2, Instance("10.0.0.1:9104", "et1") with { LastHeartbeat = DateTimeOffset.UnixEpoch.AddDays(1) }), default);

        Assert.Equal(["route=et9"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));
    }

    [Fact]
    public async Task RegisteredWithoutMetadata_LabelsSavedEarlierAreKept()
    {
        await _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et1");

        await Sync().ApplyAsync(RegistrySnapshot.Empty, Snapshot(1, Instance("10.0.0.1:9104")), default);

        Assert.Equal(["route=et1"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));
    }

    [Fact]
    public async Task InstanceLeavesRegistry_LabelsRemoved_OthersUntouched()
    {
        var before = Snapshot(1, Instance("10.0.0.1:9104", "et1"), Instance("10.0.0.2:9104", "et2"), Instance("10.0.0.5:9105", "cs_1", "linkis-ps-publicservice"));
        await Sync().ApplyAsync(RegistrySnapshot.Empty, before, default);

        await Sync().ApplyAsync(before, Snapshot(2, Instance("10.0.0.2:9104", "et2"), Instance("10.0.0.5:9105", "cs_1", "linkis-ps-publicservice")), default);

        Assert.Null(_store.Current.Find(Entrance, "10.0.0.1:9104"));
        Assert.NotNull(_store.Current.Find(Entrance, "10.0.0.2:9104"));
        Assert.NotNull(_store.Current.Find("linkis-ps-publicservice", "10.0.0.5:9105"));
    }

    [Fact]
    public async Task ApplicationLeavesRegistry_AllItsInstancesForgotten()
    {
        var before = Snapshot(1, Instance("10.0.0.1:9104", "et1"), Instance("10.0.0.2:9104", "et2"));
        await Sync().ApplyAsync(RegistrySnapshot.Empty, before, default);

        await Sync().ApplyAsync(before, RegistrySnapshot.Empty, default);

        Assert.Empty(_store.Current.All);
    }

    [Fact]
    public async Task InvalidMetadataValue_IgnoredAndOthersApplied()
    {
        await Sync().ApplyAsync(RegistrySnapshot.Empty, Snapshot(1, Instance("10.0.0.1:9104", "a,b"), Instance("10.0.0.2:9104", "et2")), default);

        Assert.Null(_store.Current.Find(Entrance, "10.0.0.1:9104"));
        Assert.Equal(["route=et2"], Texts(_store.Current.Find(Entrance, "10.0.0.2:9104")));
    }

    [Fact]
    public async Task Started_RegistryChangesReachStoreThroughTheBackgroundLoop()
    {
        _registry.Publish(Snapshot(1, Instance("10.0.0.1:9104", "et1")));
        await using var sync = Sync();
        await sync.StartAsync(default);

        await WaitForAsync(sync, 1);
        Assert.Equal(["route=et1"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));

        _registry.Publish(Snapshot(2, Instance("10.0.0.2:9104", "et2")));
        await WaitForAsync(sync, 2);

        Assert.Null(_store.Current.Find(Entrance, "10.0.0.1:9104"));
        Assert.Equal(["route=et2"], Texts(_store.Current.Find(Entrance, "10.0.0.2:9104")));
        await sync.StopAsync(default);
    }

    [Fact]
    public async Task DisposedTwiceAsTheContainerDoes_StopsListening()
    {
        var sync = Sync();
        await sync.StartAsync(default);
        await sync.StopAsync(default);

        await sync.DisposeAsync();
        await sync.DisposeAsync();
        _registry.Publish(Snapshot(1, Instance("10.0.0.1:9104", "et1")));

        Assert.Empty(_store.Current.All);
    }

    private static async Task WaitForAsync(LabelRegistrySync sync, long version)
    {
        for (var i = 0; i < 500 && sync.Applied.Version < version; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(version, sync.Applied.Version);
    }
}
