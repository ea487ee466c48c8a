using Microsoft.Extensions.Logging;

namespace Portico.Discovery;

/// <summary>
/// The registry: three layers of instances (configured, mirrored from an external Eureka, registered through the APIs;
/// a registration wins over a mirrored instance, which wins over a configured one with the same application and id),
/// merged into an immutable <see cref="RegistrySnapshot"/> that is swapped atomically on every change. Writers take a
/// short lock; readers never do. Registrations are written through to the <see cref="IRegistryStore"/> in order, off
/// the caller's path.
/// </summary>
/// <remarks>
/// The store and the discovery settings are reached on first use, never at construction: the settings come from the
/// gateway configuration, whose route table holds the global filters, and a global filter may take the registry.
/// The configured instances are applied by <see cref="RegistryLeaseService"/> when the host starts, before the server
/// accepts requests.
/// </remarks>
internal sealed partial class ServiceRegistry : IServiceRegistry, IInstanceRegistrar, IAsyncDisposable, IDisposable
{
    public const string NativeSource = "native";
    public const string EurekaSource = "eureka";
    public const string MirrorSource = "eureka-client";

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<DiscoveryConfig> _config;
    private readonly Lazy<IRegistryStore> _store;
    private readonly StoreWriter _storeWriter;
    private readonly Lock _lock = new();

    // The layers and the merged view, all guarded by _lock.
    private readonly Dictionary<InstanceKey, ServiceInstance> _registered = [];
    private readonly Dictionary<InstanceKey, ServiceInstance> _mirrored = [];
    private readonly Dictionary<InstanceKey, ServiceInstance> _static = [];
    private readonly Dictionary<string, Dictionary<string, ServiceInstance>> _effective = new(StringComparer.Ordinal);
    private readonly List<DeltaEntry> _recent = [];
    private long _version;

    private RegistrySnapshot _current = RegistrySnapshot.Empty;
    private RegistryDelta _delta = new([], RegistrySnapshot.Empty);

    public ServiceRegistry(Lazy<IRegistryStore> store, TimeProvider time, ILogger<ServiceRegistry> logger, Func<DiscoveryConfig> config)
    {
        _time = time;
        _logger = logger;
        _config = config;
        _store = store;
        _storeWriter = new StoreWriter(store, logger);
    }

    public RegistrySnapshot Current => Volatile.Read(ref _current);

    public event Action<RegistrySnapshot>? Changed;

    public IRegistryStore Store => _store.Value;

    /// <summary>The changes within the retention window and the snapshot after them.</summary>
    public RegistryDelta Delta => Volatile.Read(ref _delta);

    public ValueTask<RegistrationResult> RegisterAsync(ServiceInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var problems = InstanceValidator.Validate(instance);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid instance: {problems[0].Field} {problems[0].Message}", nameof(instance));
        }

        var config = _config();
        var now = _time.GetUtcNow();
        ServiceInstance registered;
        bool replaced;
        lock (_lock)
        {
            var key = InstanceKey.Of(instance);
            replaced = _registered.TryGetValue(key, out var previous);

            // Eureka keeps an operator's override across re-registrations: a restarting instance must not slip back into service.
            var overridden = instance.OverriddenStatus ?? previous?.OverriddenStatus;
            registered = instance with
            {
                ReportedStatus = instance.Status,
                OverriddenStatus = overridden,
                Status = overridden ?? instance.Status,
                RegisteredAt = now,
                LastHeartbeat = now,
                LastUpdated = now,
                LeaseDuration = instance.LeaseDuration > TimeSpan.Zero ? instance.LeaseDuration : config.LeaseDuration,
                RenewalInterval = instance.RenewalInterval > TimeSpan.Zero ? instance.RenewalInterval : config.LeaseRenewalInterval,
            };
            _registered[key] = registered;
            Apply([key], now);
        }

        _storeWriter.Save(registered);
        LogRegistered(_logger, registered.AppName, registered.InstanceId, registered.Authority, registered.Source, replaced);
        return ValueTask.FromResult(new RegistrationResult(registered, replaced));
    }

    public ValueTask<ServiceInstance?> RenewAsync(string appName, string instanceId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        ServiceInstance? renewed;
        lock (_lock)
        {
            var key = InstanceKey.Of(appName, instanceId);
            if (!_registered.TryGetValue(key, out var current))
            {
                renewed = null;
            }
            else
            {
                renewed = current with { LastHeartbeat = now };
                _registered[key] = renewed;
                Apply([key], now);
            }
        }

        if (renewed is null)
        {
            LogRenewUnknown(_logger, appName, instanceId);
        }
        else
        {
            _storeWriter.Renew(renewed.AppName, renewed.InstanceId, now);
        }

        return ValueTask.FromResult(renewed);
    }

    public ValueTask<bool> CancelAsync(string appName, string instanceId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        ServiceInstance? removed;
        lock (_lock)
        {
            var key = InstanceKey.Of(appName, instanceId);
            if (_registered.Remove(key, out removed))
            {
                Apply([key], now);
            }
        }

        if (removed is null)
        {
            return ValueTask.FromResult(false);
        }

        _storeWriter.Remove(removed.AppName, removed.InstanceId);
        LogCancelled(_logger, removed.AppName, removed.InstanceId);
        return ValueTask.FromResult(true);
    }

    public ValueTask<ServiceInstance?> SetStatusOverrideAsync(string appName, string instanceId, InstanceStatus status, CancellationToken cancellationToken = default)
    {
        var changed = Update(appName, instanceId, i => i with { OverriddenStatus = status, Status = status });
        if (changed is not null)
        {
            LogStatusOverridden(_logger, changed.AppName, changed.InstanceId, status);
        }

        return ValueTask.FromResult(changed);
    }

    public ValueTask<ServiceInstance?> ClearStatusOverrideAsync(string appName, string instanceId, InstanceStatus? newStatus = null, CancellationToken cancellationToken = default)
    {
        var changed = Update(appName, instanceId, i => i with
        {
            OverriddenStatus = null,
            ReportedStatus = newStatus ?? i.ReportedStatus,
            Status = newStatus ?? i.ReportedStatus,
        });
        if (changed is not null)
        {
            LogStatusOverrideCleared(_logger, changed.AppName, changed.InstanceId, changed.Status);
        }

        return ValueTask.FromResult(changed);
    }

    public ValueTask<ServiceInstance?> UpdateMetadataAsync(string appName, string instanceId, IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var changed = Update(appName, instanceId, i =>
        {
            var metadata = new Dictionary<string, string>(i.Metadata, StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                metadata[key] = value;
            }

            var weight = entries.TryGetValue("weight", out var w) && InstanceWeights.TryParse(w, out var parsed) ? parsed : i.Weight;
            return i with { Metadata = metadata, Weight = weight };
        });
        return ValueTask.FromResult(changed);
    }

    /// <summary>Replaces the configured instances (at start-up and on every configuration reload).</summary>
    public void ReplaceStatic(IReadOnlyList<StaticInstanceConfig> instances)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var next = new Dictionary<InstanceKey, ServiceInstance>();
            foreach (var config in instances)
            {
                var instance = StaticInstances.ToServiceInstance(config, now);
                var key = InstanceKey.Of(instance);

                // A configured instance that did not change keeps its record, so a reload is not a modification.
                next[key] = _static.TryGetValue(key, out var old) && InstanceEquality.SameRegistration(old, instance) ? old : instance;
            }

            ReplaceLayer(_static, next, now);
        }
    }

    /// <summary>Replaces the instances mirrored from an external Eureka server.</summary>
    public void ReplaceMirrored(IReadOnlyCollection<ServiceInstance> instances)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var next = new Dictionary<InstanceKey, ServiceInstance>();
            foreach (var instance in instances)
            {
                var key = InstanceKey.Of(instance);
                next[key] = _mirrored.TryGetValue(key, out var old) && InstanceEquality.SameRegistration(old, instance) ? old : instance;
            }

            ReplaceLayer(_mirrored, next, now);
        }
    }

    /// <summary>
    /// Adds registrations loaded from the store at start-up, each with a fresh lease (the gateway cannot know what
    /// happened while it was down). A registration that arrived meanwhile is newer and wins.
    /// </summary>
    public int Restore(IReadOnlyList<ServiceInstance> stored)
    {
        var now = _time.GetUtcNow();
        var keys = new List<InstanceKey>();
        lock (_lock)
        {
            foreach (var instance in stored)
            {
                if (InstanceValidator.Validate(instance).Count > 0)
                {
                    LogRestoreSkipped(_logger, instance.AppName, instance.InstanceId);
                    continue;
                }

                var key = InstanceKey.Of(instance);
                if (_registered.TryAdd(key, instance with { LastHeartbeat = now }))
                {
                    keys.Add(key);
                }
            }

            Apply(keys, now);
        }

        return keys.Count;
    }

    /// <summary>Removes registrations whose lease has expired; returns them.</summary>
    public IReadOnlyList<ServiceInstance> EvictExpired()
    {
        var now = _time.GetUtcNow();
        var evicted = new List<ServiceInstance>();
        lock (_lock)
        {
            var keys = new List<InstanceKey>();
            foreach (var (key, instance) in _registered)
            {
                if (instance.LeaseDuration > TimeSpan.Zero && now - instance.LastHeartbeat > instance.LeaseDuration)
                {
                    keys.Add(key);
                    evicted.Add(instance);
                }
            }

            foreach (var key in keys)
            {
                _registered.Remove(key);
            }

            if (keys.Count > 0)
            {
                Apply(keys, now);
            }
            else
            {
                PruneDeltas(now);
            }
        }

        foreach (var instance in evicted)
        {
            _storeWriter.Remove(instance.AppName, instance.InstanceId);
            LogEvicted(_logger, instance.AppName, instance.InstanceId, instance.LastHeartbeat, instance.LeaseDuration.TotalSeconds);
        }

        return evicted;
    }

    /// <summary>Waits until every queued store write has been applied, and written out by a store that coalesces writes.</summary>
    public async Task FlushStoreAsync()
    {
        await _storeWriter.FlushAsync();
        if (_store.IsValueCreated && _store.Value is FileRegistryStore file)
        {
            await file.FlushAsync();
        }
    }

    public ValueTask DisposeAsync() => _storeWriter.DisposeAsync();

    /// <summary>Stops the store writer without waiting; the hosted service has flushed it when the host stopped.</summary>
    public void Dispose() => _storeWriter.Complete();

    private ServiceInstance? Update(string appName, string instanceId, Func<ServiceInstance, ServiceInstance> change)
    {
        var now = _time.GetUtcNow();
        ServiceInstance? changed;
        lock (_lock)
        {
            var key = InstanceKey.Of(appName, instanceId);
            if (!_registered.TryGetValue(key, out var current))
            {
                return null;
            }

            changed = change(current) with { LastUpdated = now };
            _registered[key] = changed;
            Apply([key], now);
        }

        _storeWriter.Save(changed);
        return changed;
    }

    private void ReplaceLayer(Dictionary<InstanceKey, ServiceInstance> layer, Dictionary<InstanceKey, ServiceInstance> next, DateTimeOffset now)
    {
        var keys = new HashSet<InstanceKey>(layer.Keys);
        keys.UnionWith(next.Keys);
        layer.Clear();
        foreach (var (key, instance) in next)
        {
            layer[key] = instance;
        }

        Apply(keys, now);
    }

    /// <summary>Recomputes the merged view for <paramref name="keys"/>, records deltas and publishes a snapshot when anything changed.</summary>
    private void Apply(IEnumerable<InstanceKey> keys, DateTimeOffset now)
    {
        HashSet<string>? changedApps = null;
        foreach (var key in keys)
        {
            var effective = _registered.GetValueOrDefault(key) ?? _mirrored.GetValueOrDefault(key) ?? _static.GetValueOrDefault(key);
            _effective.TryGetValue(key.App, out var app);
            ServiceInstance? previous = null;
            app?.TryGetValue(key.Id, out previous);
            if (ReferenceEquals(previous, effective))
            {
                continue;
            }

            if (effective is null)
            {
                app!.Remove(key.Id);
                if (app.Count == 0)
                {
                    _effective.Remove(key.App);
                }

                _recent.Add(new DeltaEntry(now, DeltaAction.Deleted, previous!));
            }
            else
            {
                if (app is null)
                {
                    app = new Dictionary<string, ServiceInstance>(StringComparer.Ordinal);
                    _effective[key.App] = app;
                }

                app[key.Id] = effective;
                if (previous is null)
                {
                    _recent.Add(new DeltaEntry(now, DeltaAction.Added, effective));
                }
                else if (!InstanceEquality.SameRegistration(previous, effective))
                {
                    _recent.Add(new DeltaEntry(now, DeltaAction.Modified, effective));
                }
            }

            (changedApps ??= new HashSet<string>(StringComparer.Ordinal)).Add(key.App);
        }

        PruneDeltas(now);
        if (changedApps is null)
        {
            return;
        }

        var byApp = new Dictionary<string, ServiceInstance[]>(_current.ByApp, StringComparer.OrdinalIgnoreCase);
        foreach (var appKey in changedApps)
        {
            // The snapshot is keyed by the name as first written; drop the old key, whatever its case.
            byApp.Remove(appKey);
            if (_effective.TryGetValue(appKey, out var app))
            {
                var array = new ServiceInstance[app.Count];
                app.Values.CopyTo(array, 0);
                Array.Sort(array, static (a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
                byApp[array[0].AppName] = array;
            }
        }

        var snapshot = new RegistrySnapshot(++_version, byApp);
        Volatile.Write(ref _current, snapshot);
        Volatile.Write(ref _delta, new RegistryDelta([.. _recent], snapshot));

        // Raised under the lock so subscribers see snapshots in version order; handlers must be quick and must not write.
        try
        {
            Changed?.Invoke(snapshot);
        }
        catch (Exception ex)
        {
            LogSubscriberFailed(_logger, ex);
        }
    }

    private void PruneDeltas(DateTimeOffset now)
    {
        var cutoff = now - _config().DeltaRetention;
        var stale = 0;
        while (stale < _recent.Count && _recent[stale].At < cutoff)
        {
            stale++;
        }

        if (stale > 0)
        {
            _recent.RemoveRange(0, stale);
            Volatile.Write(ref _delta, new RegistryDelta([.. _recent], _current));
        }
    }
}
