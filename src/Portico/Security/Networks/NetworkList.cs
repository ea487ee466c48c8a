using System.Net;

namespace Portico.Security.Networks;

/// <summary>
/// An immutable list of IPv4 and IPv6 networks (single addresses and CIDR ranges) that answers whether an address is
/// in one of them; IPv4-mapped IPv6 addresses (as dual-mode sockets report IPv4 clients) are compared as IPv4. The one
/// address-list type of the gateway: trusted proxies, the <c>RemoteAddr</c> predicates, the admin guards and modules' address lists
/// all compile to it.
/// </summary>
internal sealed class NetworkList
{
    private readonly IPNetwork[] _networks;

    private NetworkList(IPNetwork[] networks, IReadOnlyList<string> texts)
    {
        _networks = networks;
        Texts = texts;
    }

    /// <summary>The list that contains no address.</summary>
    public static NetworkList Empty { get; } = new([], []);

    /// <summary>Whether the list is empty, so that nothing needs to be looked at.</summary>
    public bool IsEmpty => _networks.Length == 0;

    /// <summary>How many networks the list holds.</summary>
    public int Count => _networks.Length;

    /// <summary>The valid entries as they were written.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>
    /// Compiles <paramref name="entries"/> (see <see cref="IpParser.TryParseNetwork"/>). Each invalid entry is passed
    /// to <paramref name="invalid"/> with its index and the problem, and left out.
    /// </summary>
    public static NetworkList Parse(IReadOnlyList<string> entries, Action<int, string, string> invalid)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(invalid);
        if (entries.Count == 0)
        {
            return Empty;
        }

        var networks = new List<IPNetwork>(entries.Count);
        var texts = new List<string>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i].Trim();
            if (IpParser.TryParseNetwork(text, out var network, out var problem))
            {
                networks.Add(network);
                texts.Add(text);
            }
            else
            {
                invalid(i, entries[i], problem);
            }
        }

        return networks.Count == 0 ? Empty : new NetworkList([.. networks], texts);
    }

    /// <summary>Whether <paramref name="address"/> is in one of the networks.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
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
    public override string ToString() => string.Join(", ", Texts);
}
