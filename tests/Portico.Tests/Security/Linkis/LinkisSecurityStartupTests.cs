using Portico.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Tickets;

namespace Portico.Tests.Security.Linkis;

public class LinkisSecurityStartupTests
{
    private static ServiceProvider Services(TestSecuritySettings settings, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(time);
        services.AddSingleton<ILinkisSecuritySettings>(settings);
        LinkisSecurityRegistration.AddLinkisSecurity(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task StartAsync_EnabledWithoutCryptKey_FailsWithConfigError()
    {
        var settings = new TestSecuritySettings(new LinkisSecurityConfig { Enabled = true, SessionPersistence = SessionPersistenceMode.Memory });
        await using var services = Services(settings, TimeProvider.System);
        var startup = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<LinkisSecurityStartup>().Single();

        var ex = await Assert.ThrowsAsync<PorticoConfigException>(() => startup.StartAsync(CancellationToken.None));

        Assert.Contains("crypt-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Disabled_ValidatesNothing()
    {
        // No crypt key: enabled, this start would fail (see above); disabled, nothing is checked, loaded or swept.
        var time = new ManualTimeProvider();
        var settings = new TestSecuritySettings(new LinkisSecurityConfig());
        await using var services = Services(settings, time);
        var startup = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<LinkisSecurityStartup>().Single();

        var start = startup.StartAsync(CancellationToken.None);

        Assert.True(start.IsCompletedSuccessfully);
        Assert.Null(startup.ExecuteTask);
        Assert.Equal(0, time.ActiveTimers);
        await startup.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Sweeper_EveryTenthOfTimeout_RemovesIdleSessions()
    {
        var time = new ManualTimeProvider();
        var settings = new TestSecuritySettings(new LinkisSecurityConfig
        {
            Enabled = true,
            CryptKey = "0123456789abcdef0123",
            SessionTimeout = TimeSpan.FromMinutes(10),
            SessionPersistence = SessionPersistenceMode.Memory,
        });
        await using var services = Services(settings, time);
        var startup = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<LinkisSecurityStartup>().Single();
        var store = services.GetRequiredService<ISessionStore>();
        await startup.StartAsync(CancellationToken.None);
        await store.AddAsync("t", "alice");

        // The loop sleeps a minute (T/10) at a time; a new pending timer means the previous sweep has finished.
        for (var minute = 0; minute < 10; minute++)
        {
            await WaitForTimerAsync(time);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await WaitForTimerAsync(time);
        Assert.Equal(1, store.Count); // idle exactly T: kept
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitForTimerAsync(time);

        Assert.Equal(0, store.Count);
        await startup.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void SweepInterval_IsTenthOfTimeoutAtLeastOneSecond()
    {
        Assert.Equal(TimeSpan.FromMinutes(12), LinkisSecurityStartup.SweepInterval(TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromSeconds(1), LinkisSecurityStartup.SweepInterval(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Registration_ResolvesEveryPublicService()
    {
        var settings = new TestSecuritySettings(new LinkisSecurityConfig { CryptKey = "0123456789abcdef0123", SessionPersistence = SessionPersistenceMode.Memory });
        using var services = Services(settings, TimeProvider.System);

        Assert.NotNull(services.GetRequiredService<ILinkisLoginService>());
        Assert.NotNull(services.GetRequiredService<ILinkisSessionService>());
        Assert.NotNull(services.GetRequiredService<ILinkisTicketCipher>());
        Assert.Equal(["admin", "users-file", "ldap"], services.GetServices<Portico.Security.Linkis.Passwords.IPasswordAuthenticator>().Select(a => a.Name));
    }

    private static async Task WaitForTimerAsync(ManualTimeProvider time)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (time.ActiveTimers == 0)
        {
            await Task.Delay(5, cts.Token);
        }
    }
}
