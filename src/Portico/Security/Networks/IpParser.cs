using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portico.Security.Networks;

/// <summary>
/// Strict parsing of IP addresses and CIDR ranges as configuration and forwarding headers write them: dotted-quad IPv4
/// (no shorthands such as <c>10.1</c>, no leading zeros, which <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// would read as octal) and IPv6 without zone ids. A list of addresses must say exactly what it means.
/// </summary>
internal static class IpParser
{
    /// <summary>The problem text for an entry that is neither an address nor a range.</summary>
    public const string NotAnAddressProblem = "is not an IP address or CIDR range.";

    /// <summary>
    /// Parses <c>address</c> or <c>address/prefix</c> (an IPv6 address may be bracketed). Host bits are cleared
    /// (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>), as Netty's subnet rule does; an IPv4-mapped IPv6 range of prefix 96 or
    /// more becomes the IPv4 range, so it matches IPv4 clients. On failure <paramref name="problem"/> says what is wrong.
    /// </summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network, out string problem)
    {
        network = default;
        problem = "";
        text = text.Trim();
        var slash = text.IndexOf('/');
        if (!TryParseBareAddress(slash < 0 ? text : text[..slash], out var address))
        {
            problem = NotAnAddressProblem;
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
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

    /// <summary>
    /// Parses one client address as forwarding headers carry it: an address, optionally bracketed (IPv6), optionally
    /// with a port (<c>10.0.0.1:443</c>, <c>[2001:db8::1]:443</c>).
    /// </summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            return close > 0
                && (close == text.Length - 1 || IsPort(text[(close + 1)..]))
                && TryParseBareAddress(text[..(close + 1)], out address);
        }

        var colon = text.IndexOf(':');
        if (colon >= 0 && text.LastIndexOf(':') == colon)
        {
            // Exactly one colon: IPv4 with a port.
            return IsPort(text[colon..]) && TryParseBareAddress(text[..colon], out address);
        }

        return TryParseBareAddress(text, out address);
    }

    /// <summary>Parses an address without a port: dotted-quad IPv4, or IPv6 (bracketed or not) without a zone id.</summary>
    public static bool TryParseBareAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }

        if (text.Contains(':'))
        {
            // Zone ids (fe80::1%eth0) name an interface of this host, not a network.
            return !text.Contains('%') && IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

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

    private static bool IsPort(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == ':' && ushort.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _);

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
