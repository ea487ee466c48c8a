using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Linkis;
using Portico.Security.Linkis.Tickets;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Registers token authentication: the store (SQLite in the data directory, or memory), the authenticator, Linkis's
/// token REST API and Portico's <c>/portico/tokens</c>. Register your own <see cref="ILinkisTokenStore"/> before
/// <c>AddLinkis</c> to keep tokens elsewhere.
/// </summary>
internal static class LinkisTokenRegistration
{
    public static void AddLinkisTokens(IServiceCollection services)
    {
        services.TryAddSingleton<ILinkisTokenStore>(sp => CreateStore(sp.GetRequiredService<ILinkisSecuritySettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LinkisTokenStore>>()));
        services.TryAddSingleton(sp => new Lazy<ILinkisTokenStore>(sp.GetRequiredService<ILinkisTokenStore>));
        services.TryAddSingleton<ILinkisTokenAuthenticator>(sp => new LinkisTokenAuthenticator(
            sp.GetRequiredService<Lazy<ILinkisTokenStore>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LinkisTokenAuthenticator>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisLocalEndpoint, LinkisTokenRestEndpoint>());
        services.TryAddSingleton<TokenAdminEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Portico.Hosting.IPorticoEndpointContributor, TokenAdminEndpointContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LinkisTokenStartup>());
    }

    internal static LinkisTokenStore CreateStore(ILinkisSecuritySettings settings, TimeProvider time, ILogger<LinkisTokenStore> logger)
    {
        var config = settings.Current;
        var errors = new List<ConfigError>();
        var key = CryptKeyPolicy.Resolve(config, errors, out _);
        if (key is null)
        {
            throw new PorticoConfigException(errors);
        }

        ITokenPersistence persistence = config.Tokens.Persistence == TokenPersistenceMode.Sqlite
            ? new SqliteTokenPersistence(settings.DataDirectory)
            : new MemoryTokenPersistence();
        try
        {
            return new LinkisTokenStore(persistence, new TokenHasher(key), time, logger);
        }
        catch
        {
            persistence.Dispose();
            throw;
        }
    }
}

/// <summary>Opens the token store at start-up when Linkis authentication is on, so a bad file or key stops the gateway at once.</summary>
internal sealed class LinkisTokenStartup(ILinkisSecuritySettings settings, Lazy<ILinkisTokenStore> store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Current.Enabled)
        {
            _ = store.Value;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
