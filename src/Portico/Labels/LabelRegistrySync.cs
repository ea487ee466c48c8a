using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Discovery;

namespace Portico.Labels;

/// <summary>
/// Keeps the label store in step with the registry, as Linkis services keep their own labels: the value of an
/// instance's metadata key (<see cref="LabelsConfig.MetadataKey"/>, Linkis's <c>route</c>) becomes its <c>route</c>
/// label when the instance registers or that metadata changes, and an instance that leaves the registry (deregistered,
/// or evicted when its lease expires after a crash) loses its labels. Other labels, and a <c>route</c> label set
/// through an API while the metadata stays unchanged, are left alone. Registry changes are handed off to one
/// background loop, which compares each snapshot it takes with the last one it applied.
/// </summary>
internal sealed partial class LabelRegistrySync(
    IServiceRegistry registry,
    ILabelStore labels,
    IGatewaySnapshotProvider snapshots,
    ILogger<LabelRegistrySync> logger) : IHostedService, IAsyncDisposable
{
    // Only the newest snapshot matters: a diff against the last applied one covers every change in between.
    private readonly Channel<RegistrySnapshot> _pending = Channel.CreateBounded<RegistrySnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private int _disposed;

    /// <summary>The registry snapshot whose changes have all reached the store.</summary>
    public RegistrySnapshot Applied { get; private set; } = RegistrySnapshot.Empty;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Load the store now, so a damaged or newer label database stops the start rather than the first request.
        _ = labels.Current;
        registry.Changed += OnChanged;
        _pending.Writer.TryWrite(registry.Current);

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= OnChanged;
        _pending.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as a hosted service, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        registry.Changed -= OnChanged;
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    /// <summary>Runs under the registry's write lock: only hands the snapshot over.</summary>
    private void OnChanged(RegistrySnapshot snapshot) => _pending.Writer.TryWrite(snapshot);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in _pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ApplyAsync(Applied, snapshot, cancellationToken).ConfigureAwait(false);
                    Applied = snapshot;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The next snapshot is compared with the last one applied, so nothing missed here is lost.
                    LogSyncFailed(logger, snapshot.Version, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Applies to the store what changed between <paramref name="before"/> and <paramref name="after"/>.</summary>
    internal async Task ApplyAsync(RegistrySnapshot before, RegistrySnapshot after, CancellationToken cancellationToken)
    {
        var metadataKey = snapshots.Current.Config.Labels.MetadataKey;
        var store = labels;
        foreach (var application in after.Applications)
        {
            var now = after.GetInstances(application);
            var earlier = before.GetInstances(application);
            if (ReferenceEquals(now, earlier))
            {
                // The registry reuses an application's array while nothing about it changes.
                continue;
            }

            var previous = ByAuthority(earlier);
            foreach (var instance in now)
            {
                var value = RouteValue(instance, metadataKey);
                var known = previous.TryGetValue(instance.Authority, out var old);
                if (known && string.Equals(value, RouteValue(old!, metadataKey), StringComparison.Ordinal))
                {
                    continue;
                }

                if (value is not null)
                {
                    await SetRouteAsync(store, instance, value, cancellationToken).ConfigureAwait(false);
                }
                else if (known && store.Current.Find(instance.AppName, instance.Authority)?.ValueOf(LabelKeys.Route) is not null)
                {
                    // The metadata key was dropped: so is the label it gave.
                    var removed = await store.RemoveAsync(instance.AppName, instance.Authority, LabelKeys.Route, cancellationToken).ConfigureAwait(false);
                    if (removed.Succeeded)
                    {
                        LogRouteRemoved(logger, instance.AppName, instance.Authority, metadataKey);
                    }
                }
            }
        }

        foreach (var application in before.Applications)
        {
            var earlier = before.GetInstances(application);
            var now = after.GetInstances(application);
            if (ReferenceEquals(now, earlier))
            {
                continue;
            }

            var remaining = ByAuthority(now);
            foreach (var instance in earlier)
            {
                if (remaining.ContainsKey(instance.Authority) || store.Current.Find(instance.AppName, instance.Authority) is null)
                {
                    continue;
                }

                var removed = await store.RemoveInstanceAsync(instance.AppName, instance.Authority, cancellationToken).ConfigureAwait(false);
                if (removed.Succeeded)
                {
                    LogInstanceGone(logger, instance.AppName, instance.Authority);
                }
            }
        }
    }

    private async Task SetRouteAsync(ILabelStore store, ServiceInstance instance, string value, CancellationToken cancellationToken)
    {
        if (store.Current.Find(instance.AppName, instance.Authority)?.ValueOf(LabelKeys.Route) == value)
        {
            return;
        }

        var result = await store.SetAsync(instance.AppName, instance.Authority, new InstanceLabel(LabelKeys.Route, value), cancellationToken).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            LogRejectedMetadata(logger, instance.AppName, instance.Authority, error.Message);
        }
        else
        {
            LogRouteSet(logger, instance.AppName, instance.Authority, value);
        }
    }

    private static string? RouteValue(ServiceInstance instance, string metadataKey) =>
        instance.Metadata.TryGetValue(metadataKey, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static Dictionary<string, ServiceInstance> ByAuthority(IReadOnlyList<ServiceInstance> instances)
    {
        var map = new Dictionary<string, ServiceInstance>(instances.Count, StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            map.TryAdd(instance.Authority, instance);
        }

        return map;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 20, Level = LogLevel.Information, Message = "{Application} instance {Instance} is labelled route={Route} from its registry metadata")]
    private static partial void LogRouteSet(ILogger logger, string application, string instance, string route);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 21, Level = LogLevel.Information, Message = "{Application} instance {Instance} no longer has metadata {MetadataKey}; its route label is removed")]
    private static partial void LogRouteRemoved(ILogger logger, string application, string instance, string metadataKey);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 22, Level = LogLevel.Information, Message = "{Application} instance {Instance} left the registry; its labels are removed")]
    private static partial void LogInstanceGone(ILogger logger, string application, string instance);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 23, Level = LogLevel.Warning, Message = "The route metadata of {Application} instance {Instance} is not a valid label and is ignored: {Problem}")]
    private static partial void LogRejectedMetadata(ILogger logger, string application, string instance, string problem);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 24, Level = LogLevel.Error, Message = "Applying registry snapshot {Version} to the label store failed; the next change retries it")]
    private static partial void LogSyncFailed(ILogger logger, long version, Exception exception);
}
