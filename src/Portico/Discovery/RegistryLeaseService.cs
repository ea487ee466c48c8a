using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;

namespace Portico.Discovery;

/// <summary>
/// Runs the registry's housekeeping: applies the configured instances at start-up and on every configuration reload,
/// loads stored registrations at start-up, and evicts instances whose lease expired every <see cref="DiscoveryConfig.EvictionInterval"/>
/// (timed by the injected <see cref="TimeProvider"/>).
/// </summary>
internal sealed partial class RegistryLeaseService(
    ServiceRegistry registry,
    GatewaySnapshotManager snapshots,
    TimeProvider time,
    ILogger<RegistryLeaseService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the server accepts requests, so configured instances are routable from the first
        // request. Subscribing first means a reload during start-up is not missed.
        snapshots.Changed += OnConfigurationChanged;
        registry.ReplaceStatic(snapshots.Current.Config.Discovery.Instances);

        var stored = await registry.Store.LoadAsync(cancellationToken);
        var restored = registry.Restore(stored);
        if (restored > 0)
        {
            LogRestored(logger, restored);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        snapshots.Changed -= OnConfigurationChanged;
        await base.StopAsync(cancellationToken);
        await registry.FlushStoreAsync().WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(snapshots.Current.Config.Discovery.EvictionInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                registry.EvictExpired();
            }
            catch (Exception ex)
            {
                LogEvictionFailed(logger, ex);
            }
        }
    }

    private void OnConfigurationChanged(GatewaySnapshot snapshot) => registry.ReplaceStatic(snapshot.Config.Discovery.Instances);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 20, Level = LogLevel.Information, Message = "Restored {Count} stored registrations with fresh leases")]
    private static partial void LogRestored(ILogger logger, int count);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 21, Level = LogLevel.Error, Message = "Lease eviction failed; will try again at the next interval")]
    private static partial void LogEvictionFailed(ILogger logger, Exception exception);
}
