using System.Net;
using Portico.Configuration;
using Portico.Security.Networks;

namespace Portico.Predicates;

/// <summary>
/// The addresses and CIDR ranges of the <c>RemoteAddr</c> and <c>XForwardedRemoteAddr</c> predicates, IPv4 and IPv6,
/// compiled to a <see cref="NetworkList"/>. A bare address is that one host (<c>/32</c> or <c>/128</c>); host bits of
/// a range are ignored (<c>192.168.1.10/24</c> is <c>192.168.1.0/24</c>), as Netty's subnet rule does.
/// </summary>
internal sealed class IpSourceList
{
    private readonly NetworkList _networks;

    private IpSourceList(NetworkList networks, IReadOnlyList<string> texts)
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
        var networks = NetworkList.Parse(texts, (_, text, problem) =>
            args.AddError(field, $"'{text}' {problem}", "Write an IP address (192.168.1.10, 2001:db8::1) or a CIDR range (192.168.1.0/24, 2001:db8::/32)."));
        return new IpSourceList(networks, texts);
    }

    /// <summary>Whether <paramref name="address"/> is in one of the sources.</summary>
    public bool Contains(IPAddress address) => _networks.Contains(address);

    /// <inheritdoc />
    public override string ToString() => PredicateArgs.FormatList(Texts);
}
