namespace Portico.Discovery;

/// <summary>What happened to an instance, in Eureka's delta vocabulary.</summary>
internal enum DeltaAction
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One recent change, kept for <see cref="DiscoveryConfig.DeltaRetention"/> so clients can fetch deltas.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Action">What happened.</param>
/// <param name="Instance">The instance after the change (before it, for a deletion).</param>
internal sealed record DeltaEntry(DateTimeOffset At, DeltaAction Action, ServiceInstance Instance);

/// <summary>The recent changes and the snapshot they lead to, read together so a delta and its hash code agree.</summary>
internal sealed record RegistryDelta(IReadOnlyList<DeltaEntry> Entries, RegistrySnapshot Snapshot);

/// <summary>Identifies an instance: application name upper-cased (names compare case-insensitively) and the id.</summary>
internal readonly record struct InstanceKey(string App, string Id)
{
    public static InstanceKey Of(string app, string id) => new(app.ToUpperInvariant(), id);

    public static InstanceKey Of(ServiceInstance instance) => Of(instance.AppName, instance.InstanceId);
}
