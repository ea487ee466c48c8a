using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Security.Linkis.Passwords;
using Portico.Security.Linkis.Tickets;

namespace Portico.Security.Linkis;

/// <summary>
/// Checks <see cref="LinkisSecurityConfig"/> when the configuration is read, so that a bad value stops start-up (or is
/// refused on reload) with every problem named, instead of surfacing at the first login.
/// </summary>
internal static class LinkisSecurityConfigValidator
{
    private const string Section = "linkis-security";

    public static void Validate(LinkisSecurityConfig config, List<ConfigError> errors)
    {
        if (!config.Enabled)
        {
            return;
        }

        CryptKeyPolicy.Resolve(config, errors, out _);
        if (string.IsNullOrEmpty(config.TicketHeader))
        {
            Add(errors, "ticket-header", "is empty.", "Leave it unset for Linkis's 'bfs_', or set the wds.linkis.ticket.header of your Linkis installation.");
        }

        if (config.SessionTimeout <= TimeSpan.Zero)
        {
            Add(errors, "session-timeout", $"is {config.SessionTimeout}; sessions would end at once.", "Write a positive duration such as 2h (Linkis's default) or 30m.");
        }

        ValidateCookie(config.Cookie, errors);
        Access.LinkisAccessConfigValidator.Validate(config.Access, errors);
        if (!string.IsNullOrWhiteSpace(config.Ldap.Url) && !LdapEndpoint.TryParse(config.Ldap.Url.Trim(), out _))
        {
            Add(errors, "ldap.url", $"'{config.Ldap.Url}' is not an LDAP URL.", "Write ldap://host[:port] or ldaps://host[:port], or leave it empty to switch LDAP login off.");
        }

        if (config.Ldap.Timeout <= TimeSpan.Zero)
        {
            Add(errors, "ldap.timeout", "must be positive.", "Write a duration such as 10s.");
        }

        var throttle = config.LoginThrottle;
        if (throttle.Enabled && (throttle.Window <= TimeSpan.Zero || throttle.MaxFailuresPerUser < 0 || throttle.MaxFailuresPerAddress < 0
            || throttle.MaxFailuresPerUserAllAddresses < 0))
        {
            Add(errors, "login-throttle", "needs a positive window and limits of 0 or more.", "Write e.g. window: 15m, max-failures-per-user: 5, max-failures-per-user-all-addresses: 50, max-failures-per-address: 20 (0 switches a limit off).");
        }

        if (throttle.Enabled && (throttle.InitialDelay <= TimeSpan.Zero || throttle.MaxDelay < throttle.InitialDelay))
        {
            Add(errors, "login-throttle", $"needs a positive initial-delay no longer than max-delay (they are {throttle.InitialDelay} and {throttle.MaxDelay}).", "Write e.g. initial-delay: 1s, max-delay: 15m.");
        }

        if (throttle.Enabled && throttle.MaxTrackedKeys < 1)
        {
            Add(errors, "login-throttle.max-tracked-keys", $"is {throttle.MaxTrackedKeys}.", "Write 1 or more, e.g. 10000.");
        }
    }

    private static void ValidateCookie(LinkisCookieConfig cookie, List<ConfigError> errors)
    {
        if (!IsToken(cookie.Name))
        {
            Add(errors, "cookie.name", $"'{cookie.Name}' is not a valid cookie name.", "Use letters, digits and _ . - only, e.g. linkis_user_session_ticket_id_v1.");
        }

        if (!IsToken(cookie.ProxyName))
        {
            Add(errors, "cookie.proxy-name", $"'{cookie.ProxyName}' is not a valid cookie name.", "Use letters, digits and _ . - only, e.g. linkis_user_session_proxy_ticket_id_v1.");
        }

        if (cookie.DomainLevel < 1)
        {
            Add(errors, "cookie.domain-level", $"is {cookie.DomainLevel}.", "Write 1 or more (Linkis's default is 3).");
        }

        if (!string.IsNullOrEmpty(cookie.Domain) && LinkisCookies.DomainFor(cookie.Domain, int.MaxValue) is null)
        {
            Add(errors, "cookie.domain", $"'{cookie.Domain}' is not a host name.", "Write a domain such as .example.com.");
        }

        if (cookie.SameSite == SameSiteMode.None && !cookie.Secure)
        {
            Add(errors, "cookie.same-site", "is None without secure: browsers drop such cookies.", "Set cookie.secure: true (serve the gateway over HTTPS) or choose Lax.");
        }
    }

    private static bool IsToken(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Add(List<ConfigError> errors, string field, string problem, string fix) =>
        errors.Add(new ConfigError(null, Section + "." + field, problem, fix));
}
