using Portico.Configuration;
using Portico.Security.Networks;

namespace Portico.Security.Linkis.Access;

/// <summary>Checks <see cref="LinkisAccessConfig"/> (<c>linkis-security.access</c>) when the configuration is read.</summary>
internal static class LinkisAccessConfigValidator
{
    private const string Section = "linkis-security.access";

    public static void Validate(LinkisAccessConfig access, List<ConfigError> errors)
    {
        for (var i = 0; i < access.PassAuthPrefixes.Count; i++)
        {
            var prefix = access.PassAuthPrefixes[i];
            if (!string.IsNullOrEmpty(prefix) && prefix[0] != '/')
            {
                Add(errors, $"pass-auth-prefixes[{i}]", $"'{prefix}' does not start with '/', so no path can start with it.", "Write a path prefix such as /dws/ (wds.linkis.gateway.conf.url.pass.auth).");
            }
        }

        if (!string.IsNullOrEmpty(access.NoAuthPattern) && LinkisAccessPolicy.CompileNoAuth(access.NoAuthPattern) is null)
        {
            Add(errors, "no-auth-pattern", $"'{access.NoAuthPattern}' is not a valid regular expression.", "Write a .NET regular expression that matches whole paths, such as .*visualis.*share.* (Linkis's default), or leave it empty to switch it off.");
        }

        if (access.TestMode && string.IsNullOrWhiteSpace(access.TestUser))
        {
            Add(errors, "test-user", "is empty while test-mode is on.", "Name the user requests without a session act as (wds.linkis.test.user), or switch test-mode off.");
        }

        var whitelist = access.IpWhitelist;
        if (whitelist.Enabled)
        {
            NetworkList.Parse(whitelist.Addresses, (i, entry, problem) =>
                Add(errors, $"ip-whitelist.addresses[{i}]", $"'{entry}' {problem}", "Write an IP address (10.0.0.5, 2001:db8::5) or a CIDR range (10.0.0.0/8, 2001:db8::/32)."));
            if (string.IsNullOrWhiteSpace(whitelist.File) && whitelist.Addresses.Count == 0)
            {
                Add(errors, "ip-whitelist", "is enabled with neither a file nor addresses, so every client would be refused.", "Set ip-whitelist.file (wds.linkis.gateway.auth.file, auth.txt in Linkis) or ip-whitelist.addresses, or switch the whitelist off.");
            }
        }
    }

    private static void Add(List<ConfigError> errors, string field, string problem, string fix) =>
        errors.Add(new ConfigError(null, Section + "." + field, problem, fix));
}
