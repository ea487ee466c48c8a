using Microsoft.Extensions.Hosting;

namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// When Linkis security is enabled: loads the login throttle at start-up (not on the first login's request), then
/// writes its changes behind, at most once per <see cref="BatchDelay"/>, and once more at shutdown.
/// </summary>
internal sealed class LoginThrottleWriter(ILoginThrottle throttle, ILinkisSecuritySettings settings, TimeProvider time) : BackgroundService
{
    /// <summary>How long changes gather before a write, so that a burst of failures is one transaction.</summary>
    internal static readonly TimeSpan BatchDelay = TimeSpan.FromSeconds(1);

    private LoginThrottle? _throttle;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Current.Enabled)
        {
            return Task.CompletedTask;
        }

        // A replaced throttle (a user's own registration) has its own storage.
        _throttle = (throttle as OnDemandLoginThrottle)?.Open();
        return _throttle is null ? Task.CompletedTask : base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_throttle is not null)
        {
            try
            {
                await _throttle.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var throttle = _throttle!;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await throttle.WaitForChangesAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(BatchDelay, time, stoppingToken).ConfigureAwait(false);
                await throttle.FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
