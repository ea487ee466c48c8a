using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Portico.Configuration;

namespace Portico.Security.ClientAddress;

/// <summary>
/// The compiled <c>trusted-proxies</c> setting: IPv4 and IPv6 addresses and CIDR ranges. Host bits of a range are
/// ignored (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>); IPv4-mapped IPv6 addresses are compared as IPv4.
/// </summary>
internal sealed class TrustedProxyList
{
    private const string Field = "trusted-proxies";
    private readonly IPNetwork[] _networks;

    private TrustedProxyList(IPNetwork[] networks) => _networks = networks;

    /// <summary>The list that trusts no one.</summary>
    public static TrustedProxyList None { get; } = new([]);

    /// <summary>Whether no proxy is trusted, so headers never need to be read.</summary>
    public bool IsEmpty => _networks.Length == 0;

    /// <summary>Compiles the configured entries, recording an error for each invalid one.</summary>
    public static TrustedProxyList Parse(IReadOnlyList<string> entries, List<ConfigError> errors)
    {
        if (entries.Count == 0)
        {
            return None;
        }

        var networks = new List<IPNetwork>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (TryParseNetwork(entries[i].Trim(), out var network, out var problem))
            {
                networks.Add(network);
            }
            else
            {
                errors.Add(new ConfigError(null, $"{Field}[{i}]", $"'{entries[i]}' {problem}", "Write an IP address (10.0.0.5, 2001:db8::5) or a CIDR range (10.0.0.0/8, 2001:db8::/32)."));
            }
        }

        return new TrustedProxyList([.. networks]);
    }

    /// <summary>Whether <paramref name="address"/> (already IPv4 when it was IPv4-mapped) is a trusted proxy.</summary>
    public bool Contains(IPAddress address)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses <c>address</c> or <c>address/prefix</c> strictly: dotted-quad IPv4 or IPv6, no ports or zones.</summary>
    internal static bool TryParseNetwork(string text, out IPNetwork network, out string problem)
    {
        network = default;
        problem = "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (!TryParseStrict(addressText, out var address))
        {
            problem = "is not an IP address or CIDR range.";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            problem = $"has an invalid prefix length; it must be a number from 0 to {maxPrefix}.";
            return false;
        }

        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return true;
    }

    private static bool TryParseStrict(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            // Zone ids (fe80::1%eth0) name an interface of this host, not a network.
            return !text.Contains('%') && IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        // IPAddress.TryParse also takes shorthands ("10.1" = 10.0.0.1) and octal ("010.0.0.1" = 8.0.0.1); a trust list
        // must say exactly what it means.
        return IsPlainDottedQuad(text) && IPAddress.TryParse(text, out address!);
    }

    private static bool IsPlainDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.IsEmpty || part.Length > 3 || part.ContainsAnyExceptInRange('0', '9') || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes = bytes[..length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
