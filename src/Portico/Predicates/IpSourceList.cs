using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// The addresses and CIDR ranges of the <c>RemoteAddr</c> and <c>XForwardedRemoteAddr</c> predicates, IPv4 and IPv6.
/// A bare address is that one host (<c>/32</c> or <c>/128</c>); host bits of a range are ignored
/// (<c>192.168.1.10/24</c> is <c>192.168.1.0/24</c>), as Netty's subnet rule does. IPv4-mapped IPv6 addresses
/// (<c>::ffff:10.0.0.1</c>, as dual-mode sockets report IPv4 clients) are compared as IPv4.
/// </summary>
internal sealed class IpSourceList
{
    private readonly IPNetwork[] _networks;

    private IpSourceList(IPNetwork[] networks, IReadOnlyList<string> texts)
    {
        _networks = networks;
        Texts = texts;
    }

    /// <summary>The sources as configured.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Reads the list field <paramref name="field"/>, recording an error for each invalid entry.</summary>
    public static IpSourceList Parse(ComponentArgs args, string field)
    {
        var texts = args.GetNonBlankList(field, "192.168.1.1/24");
        var networks = new List<IPNetwork>(texts.Count);
        foreach (var text in texts)
        {
            if (TryParseNetwork(text, out var network, out var problem))
            {
                networks.Add(network);
            }
            else
            {
                args.AddError(field, $"'{text}' {problem}", "Write an IP address (192.168.1.10, 2001:db8::1) or a CIDR range (192.168.1.0/24, 2001:db8::/32).");
            }
        }

        return new IpSourceList([.. networks], texts);
    }

    /// <summary>Whether <paramref name="address"/> is in one of the sources.</summary>
    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => PredicateArgs.FormatList(Texts);

    /// <summary>
    /// Parses one client address strictly: dotted-quad IPv4 or IPv6, optionally bracketed, optionally with a port
    /// (<c>10.0.0.1:443</c>, <c>[2001:db8::1]:443</c>). Shorthands such as <c>10.1</c> are refused.
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

    private static bool TryParseBareAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }

        if (text.Contains(':'))
        {
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return IsDottedQuad(text) && IPAddress.TryParse(text, out address!);
    }

    private static bool TryParseNetwork(string text, out IPNetwork network, out string problem)
    {
        network = default;
        problem = "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!TryParseBareAddress(slash < 0 ? text : text.AsSpan(0, slash), out var address))
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

    private static bool IsPort(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == ':' && ushort.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var dots = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0)
                {
                    return false;
                }

                dots++;
                digits = 0;
            }
            else if (char.IsAsciiDigit(c) && ++digits <= 3)
            {
                continue;
            }
            else
            {
                return false;
            }
        }

        return dots == 3 && digits > 0;
    }
}
