using Portico.Configuration;
using Portico.Security.Networks;

namespace Portico.Security.ClientAddress;

/// <summary>
/// Compiles the <c>trusted-proxies</c> setting (IPv4 and IPv6 addresses and CIDR ranges) to a <see cref="NetworkList"/>.
/// Host bits of a range are ignored (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>); IPv4-mapped IPv6 addresses are compared
/// as IPv4.
/// </summary>
internal static class TrustedProxyList
{
    private const string Field = "trusted-proxies";

    /// <summary>The list that trusts no one.</summary>
    public static NetworkList None => NetworkList.Empty;

    /// <summary>Compiles the configured entries, recording an error for each invalid one.</summary>
    public static NetworkList Parse(IReadOnlyList<string> entries, List<ConfigError> errors) =>
        NetworkList.Parse(entries, (i, entry, problem) =>
            errors.Add(new ConfigError(null, $"{Field}[{i}]", $"'{entry}' {problem}", "Write an IP address (10.0.0.5, 2001:db8::5) or a CIDR range (10.0.0.0/8, 2001:db8::/32).")));
}
