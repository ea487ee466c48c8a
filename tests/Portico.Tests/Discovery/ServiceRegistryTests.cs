using Portico.Discovery;
using static Portico.Tests.Discovery.RegistryTestSupport;

namespace Portico.Tests.Discovery;

public sealed class ServiceRegistryTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Register_NewInstance_PublishesSnapshotWithLeaseDefaults()
    {
        await using var registry = CreateRegistry(_time);

        var result = await registry.RegisterAsync(Instance());

        Assert.False(result.Replaced);
        var instance = Assert.Single(registry.Current.GetInstances("orders"));
        Assert.Equal("10.0.0.1:8080", instance.Authority);
        Assert.Equal(TimeSpan.FromSeconds(90), instance.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), instance.RenewalInterval);
        Assert.Equal(_time.GetUtcNow(), instance.RegisteredAt);
        Assert.Equal(_time.GetUtcNow(), instance.LastHeartbeat);
        Assert.Equal(1, registry.Current.Version);
    }

    [Fact]
    public async Task GetInstances_AppNameInOtherCase_FindsInstances()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance(app: "Orders-Service"));

        Assert.Single(registry.Current.GetInstances("ORDERS-SERVICE"));
        Assert.Single(registry.Current.GetInstances("orders-service"));
        Assert.NotNull(registry.Current.Find("orders-SERVICE", "orders-1"));
        Assert.Equal(["Orders-Service"], registry.Current.Applications);
    }

    [Fact]
    public async Task Register_SameIdAgain_ReplacesRegistration()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance(port: 8080));

        var result = await registry.RegisterAsync(Instance(app: "ORDERS", port: 9090));

        Assert.True(result.Replaced);
        var instance = Assert.Single(registry.Current.GetInstances("orders"));
        Assert.Equal(9090, instance.Port);
    }

    [Fact]
    public async Task Register_InvalidPort_ThrowsAndKeepsRegistry()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance());
        var before = registry.Current;

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.RegisterAsync(Instance(id: "bad", port: 70000)));

        Assert.Same(before, registry.Current);
    }

    [Fact]
    public async Task EvictExpired_HeartbeatsStop_EvictedOnlyAfterLeaseExpires()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance(lease: TimeSpan.FromSeconds(90)));

        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Empty(registry.EvictExpired());
        Assert.Single(registry.Current.GetInstances("orders"));

        _time.Advance(TimeSpan.FromSeconds(1));
        var evicted = Assert.Single(registry.EvictExpired());

        Assert.Equal("orders-1", evicted.InstanceId);
        Assert.Empty(registry.Current.GetInstances("orders"));
    }

    [Fact]
    public async Task Renew_BeforeExpiry_ExtendsLease()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance(lease: TimeSpan.FromSeconds(90)));

        _time.Advance(TimeSpan.FromSeconds(60));
        var renewed = await registry.RenewAsync("ORDERS", "orders-1");
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.NotNull(renewed);
        Assert.Empty(registry.EvictExpired());
        Assert.Equal(renewed.LastHeartbeat, registry.Current.GetInstances("orders")[0].LastHeartbeat);
    }

    [Fact]
    public async Task Renew_UnknownInstance_ReturnsNull()
    {
        await using var registry = CreateRegistry(_time);

        Assert.Null(await registry.RenewAsync("orders", "nobody"));
        Assert.Equal(0, registry.Current.Version);
    }

    [Fact]
    public async Task Cancel_Registered_RemovesAtOnce()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance());
        await registry.RegisterAsync(Instance(id: "orders-2"));

        Assert.True(await registry.CancelAsync("orders", "orders-1"));
        Assert.False(await registry.CancelAsync("orders", "orders-1"));

        Assert.Equal("orders-2", Assert.Single(registry.Current.GetInstances("orders")).InstanceId);
    }

    [Fact]
    public async Task StaticInstances_NeverExpire()
    {
        await using var registry = CreateRegistry(_time);
        registry.ReplaceStatic([new StaticInstanceConfig { App = "billing", Host = "10.0.0.9", Port = 80 }]);

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(registry.EvictExpired());
        var instance = Assert.Single(registry.Current.GetInstances("billing"));
        Assert.Equal("10.0.0.9:80", instance.InstanceId);
        Assert.Equal("static", instance.Source);
    }

    [Fact]
    public async Task Registration_SameKeyAsStatic_WinsAndCancelRestoresStatic()
    {
        await using var registry = CreateRegistry(_time);
        registry.ReplaceStatic([new StaticInstanceConfig { App = "orders", Id = "orders-1", Host = "10.0.0.9", Port = 80 }]);

        await registry.RegisterAsync(Instance(host: "10.0.0.1", port: 8080));
        Assert.Equal(8080, registry.Current.GetInstances("orders")[0].Port);

        await registry.CancelAsync("orders", "orders-1");
        Assert.Equal(80, registry.Current.GetInstances("orders")[0].Port);
    }

    [Fact]
    public async Task ReplaceStatic_SameConfigAgain_PublishesNothing()
    {
        await using var registry = CreateRegistry(_time);
        var config = new StaticInstanceConfig { App = "billing", Host = "10.0.0.9", Port = 80 };
        registry.ReplaceStatic([config]);
        var before = registry.Current;

        registry.ReplaceStatic([config with { Metadata = new Dictionary<string, string>() }]);

        Assert.Same(before, registry.Current);
    }

    [Fact]
    public async Task StatusOverride_SurvivesReRegistration_AndClearRestoresReported()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance());

        await registry.SetStatusOverrideAsync("orders", "orders-1", InstanceStatus.OutOfService);
        await registry.RegisterAsync(Instance(status: InstanceStatus.Up));
        var overridden = registry.Current.GetInstances("orders")[0];

        Assert.Equal(InstanceStatus.OutOfService, overridden.Status);
        Assert.Equal(InstanceStatus.Up, overridden.ReportedStatus);

        await registry.ClearStatusOverrideAsync("orders", "orders-1");
        var cleared = registry.Current.GetInstances("orders")[0];
        Assert.Equal(InstanceStatus.Up, cleared.Status);
        Assert.Null(cleared.OverriddenStatus);
    }

    [Fact]
    public async Task UpdateMetadata_WeightEntry_SetsWeight()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance());

        var changed = await registry.UpdateMetadataAsync("orders", "orders-1", new Dictionary<string, string> { ["weight"] = "5", ["route"] = "et1" });

        Assert.NotNull(changed);
        Assert.Equal(5, changed.Weight);
        Assert.Equal("et1", registry.Current.GetInstances("orders")[0].Metadata["route"]);
    }

    [Fact]
    public async Task Delta_RecordsAddedModifiedDeleted_ButNotHeartbeats()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance());
        await registry.RenewAsync("orders", "orders-1");
        await registry.SetStatusOverrideAsync("orders", "orders-1", InstanceStatus.Down);
        await registry.CancelAsync("orders", "orders-1");

        var actions = registry.Delta.Entries.Select(e => e.Action).ToArray();

        Assert.Equal([DeltaAction.Added, DeltaAction.Modified, DeltaAction.Deleted], actions);
        Assert.Same(registry.Current, registry.Delta.Snapshot);
    }

    [Fact]
    public async Task Delta_OlderThanRetention_IsDropped()
    {
        await using var registry = CreateRegistry(_time, new DiscoveryConfig { DeltaRetention = TimeSpan.FromMinutes(3) });
        await registry.RegisterAsync(Instance(lease: TimeSpan.FromHours(1)));

        _time.Advance(TimeSpan.FromMinutes(4));
        registry.EvictExpired();

        Assert.Empty(registry.Delta.Entries);
    }

    [Fact]
    public async Task Change_OneApp_ReusesOtherAppsArrays()
    {
        await using var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Instance(app: "billing", id: "b1"));
        var billing = registry.Current.GetInstances("billing");

        await registry.RegisterAsync(Instance(app: "orders", id: "o1"));

        Assert.Same(billing, registry.Current.GetInstances("billing"));
    }

    [Fact]
    public async Task Changed_RaisedWithEachNewSnapshotInOrder()
    {
        await using var registry = CreateRegistry(_time);
        var versions = new List<long>();
        registry.Changed += s => versions.Add(s.Version);

        await registry.RegisterAsync(Instance());
        await registry.RegisterAsync(Instance(id: "orders-2"));
        await registry.CancelAsync("orders", "orders-1");

        Assert.Equal([1, 2, 3], versions);
    }

    [Fact]
    public async Task Restore_StoredInstances_GetFreshLease()
    {
        await using var registry = CreateRegistry(_time);
        var stale = Instance(lease: TimeSpan.FromSeconds(90)) with { LastHeartbeat = _time.GetUtcNow() - TimeSpan.FromHours(1) };

        Assert.Equal(1, registry.Restore([stale]));

        Assert.Empty(registry.EvictExpired());
        Assert.Equal(_time.GetUtcNow(), registry.Current.GetInstances("orders")[0].LastHeartbeat);
    }

    [Fact]
    public async Task Writes_ReachTheStoreInOrder()
    {
        var store = new InMemoryRegistryStore();
        await using var registry = CreateRegistry(_time, store: store);
        await registry.RegisterAsync(Instance());
        await registry.RegisterAsync(Instance(id: "orders-2"));
        await registry.CancelAsync("orders", "orders-1");

        await registry.FlushStoreAsync();

        var stored = await store.LoadAsync(CancellationToken.None);
        Assert.Equal("orders-2", Assert.Single(stored).InstanceId);
    }

    [Fact]
    public async Task ReplaceMirrored_RemovedFromServer_RemovedHere()
    {
        await using var registry = CreateRegistry(_time);
        registry.ReplaceMirrored([Instance(id: "m1") with { Source = ServiceRegistry.MirrorSource }, Instance(id: "m2") with { Source = ServiceRegistry.MirrorSource }]);

        registry.ReplaceMirrored([Instance(id: "m2") with { Source = ServiceRegistry.MirrorSource }]);

        Assert.Equal("m2", Assert.Single(registry.Current.GetInstances("orders")).InstanceId);
        Assert.Equal(DeltaAction.Deleted, registry.Delta.Entries[^1].Action);
    }
}
