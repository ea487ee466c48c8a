using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// Linkis's client access control (§4.1 steps 6 and 7) on the socket address: a user with an address list may only
/// come from an address the list contains, and the addresses of the per-IP URL list may only reach the paths it
/// contains. Both are substring tests on the configured texts, as in Linkis; an IPv6 address matches in its compressed
/// form or in the uncompressed form Java prints, so lists copied from a Linkis installation keep working.
/// </summary>
internal static class LinkisAccessControl
{
    /// <summary>The refusal text of the per-user list for <paramref name="user"/> from <paramref name="peer"/>, or null.</summary>
    public static string? RefuseUser(LinkisAccessPolicy policy, string? user, IPAddress? peer)
    {
        if (user is null || policy.UserAddresses.Count == 0 || !policy.UserAddresses.TryGetValue(user, out var addresses))
        {
            return null;
        }

        // An address that cannot be named cannot be shown to be on the list.
        return peer is not null && Mentions(addresses, peer) ? null : LinkisAccessMessages.UserAddressProhibited(user, Format(peer));
    }

    /// <summary>The refusal text of the per-IP URL list for <paramref name="path"/> from <paramref name="peer"/>, or null.</summary>
    public static string? RefuseUrl(LinkisAccessPolicy policy, IPAddress? peer, string path)
    {
        if (policy.UrlControlAddresses is not { } addresses || peer is null || !Mentions(addresses, peer))
        {
            return null;
        }

        return policy.UrlControlPaths.Contains(path, StringComparison.Ordinal) ? null : LinkisAccessMessages.AddressUrlProhibited(Format(peer));
    }

    /// <summary>The address as messages show it (<c>unknown</c> when the connection has none).</summary>
    public static string Format(IPAddress? address) => address?.ToString() ?? "unknown";

    private static bool Mentions(string text, IPAddress address) =>
        text.Contains(address.ToString(), StringComparison.OrdinalIgnoreCase)
        || (address.AddressFamily == AddressFamily.InterNetworkV6 && text.Contains(JavaForm(address), StringComparison.OrdinalIgnoreCase));

    /// <summary>An IPv6 address as Java's <c>Inet6Address.getHostAddress</c> writes it: eight groups, none compressed.</summary>
    internal static string JavaForm(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var sb = new StringBuilder(39);
        for (var i = 0; i < 16; i += 2)
        {
            if (i > 0)
            {
                sb.Append(':');
            }

            sb.Append(((bytes[i] << 8) | bytes[i + 1]).ToString("x", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
