using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Tickets;

namespace Portico.Security.Linkis;

/// <summary>
/// When Linkis security is enabled: fails start-up on a bad crypt key, loads the sessions, reports a disabled admin
/// login, then sweeps idle sessions every tenth of the timeout and writes pending changes at shutdown.
/// </summary>
internal sealed class LinkisSecurityStartup(
    ILinkisTicketCipher cipher,
    ISessionStore sessions,
    ILinkisSecuritySettings settings,
    TimeProvider time,
    ILogger<LinkisSecurityStartup> logger)
    : BackgroundService
{
    private SessionStore? _store;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var config = settings.Current;
        if (!config.Enabled)
        {
            return Task.CompletedTask;
        }

        // Opening the cipher validates the key (PorticoConfigException names the fix); the store loads its sessions. A
        // store or cipher of the application's own is left as it is.
        (cipher as OnDemandTicketCipher)?.Open();
        _store = (sessions as OnDemandSessionStore)?.Open();
        if (string.IsNullOrEmpty(config.AdminPassword))
        {
            LinkisSecurityLog.AdminLoginDisabled(logger, config.AdminUser);
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_store is not null)
        {
            await SweepAsync(_store, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The pause between sweeps: a tenth of the session timeout (Linkis), at least a second.</summary>
    internal static TimeSpan SweepInterval(TimeSpan timeout) => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, timeout.Ticks / 10));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SweepInterval(settings.Current.SessionTimeout), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await SweepAsync(_store, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task SweepAsync(SessionStore store, CancellationToken cancellationToken)
    {
        try
        {
            await store.SweepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LinkisSecurityLog.SweepFailed(logger, ex);
        }
    }
}
