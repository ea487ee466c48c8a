using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Filters;
using Portico.Security.Linkis.Access;
using Portico.Security.Linkis.Passwords;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Throttling;
using Portico.Security.Linkis.Tickets;
using Portico.Security.Linkis.Tokens;

namespace Portico.Security.Linkis;

/// <summary>
/// Registers the Linkis authentication services and the Linkis security filter; they do nothing until
/// <c>linkis-security.enabled</c> is set.
/// </summary>
internal static class LinkisSecurityRegistration
{
    public static void AddLinkisSecurity(IServiceCollection services)
    {
        services.TryAddSingleton<ILinkisSecuritySettings, SnapshotLinkisSecuritySettings>();
        // Opened on first use: the security filter takes them in its constructor, and they need a key or a file only while
        // Linkis security is on.
        services.TryAddSingleton<ILinkisTicketCipher, OnDemandTicketCipher>();
        services.TryAddSingleton<ISessionStore, OnDemandSessionStore>();
        services.TryAddSingleton<IProxyUserMap, ProxyUserMap>();
        services.TryAddSingleton<ILoginThrottle, OnDemandLoginThrottle>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoginThrottleWriter>());

        // Registration order is the order logins try the stores: the administrator, the local users file, then LDAP.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPasswordAuthenticator, AdminPasswordAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPasswordAuthenticator, LocalUsersPasswordAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPasswordAuthenticator, LdapPasswordAuthenticator>());
        services.TryAddSingleton<PasswordAuthenticatorChain>();
        services.TryAddSingleton<ILinkisSessionService, LinkisSessionService>();
        services.TryAddSingleton<ILinkisLoginService, LinkisLoginService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LinkisSecurityStartup>());

        // The security filter of the Linkis routes and what it compiles and watches.
        services.TryAddSingleton<LinkisAccessPolicyCache>();
        services.TryAddSingleton<LinkisIpWhitelist>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LinkisSecurityFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Portico.Security.Cors.IRouteCorsSource, LinkisRouteCorsSource>());

        // Token authentication: the token store, its checks and the token admin APIs.
        LinkisTokenRegistration.AddLinkisTokens(services);

        // The gateway's own user endpoints under the user URI.
        Users.LinkisUserEndpointsRegistration.AddLinkisUserEndpoints(services);
    }

    internal static LinkisTicketCipher CreateCipher(ILinkisSecuritySettings settings, ILogger logger)
    {
        var config = settings.Current;
        var errors = new List<ConfigError>();
        var key = CryptKeyPolicy.Resolve(config, errors, out var insecure);
        if (key is null)
        {
            throw new PorticoConfigException(errors);
        }

        if (insecure)
        {
            LinkisSecurityLog.InsecureCryptKey(logger);
        }

        return new LinkisTicketCipher(key, config.TicketHeader);
    }
}
