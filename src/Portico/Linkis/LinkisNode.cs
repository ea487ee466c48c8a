using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Portico.Linkis;

/// <summary>
/// This gateway node as Linkis names it (Java's <c>Sender.getThisInstance</c>): the configured
/// <see cref="LinkisConfig.GatewayInstance"/>, or else the local address and port the request arrived on.
/// </summary>
internal static class LinkisNode
{
    /// <summary>The node's <c>host:port</c> (IPv6 hosts in brackets).</summary>
    public static string Instance(HttpContext context, LinkisSettings settings)
    {
        if (settings.ConfiguredInstance is { } configured)
        {
            return configured;
        }

        var (host, port) = LocalAddress(context);
        return host.Contains(':', StringComparison.Ordinal)
            ? "[" + host + "]:" + port.ToString(CultureInfo.InvariantCulture)
            : host + ":" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The node's host (no brackets) and port, for the <c>ip</c> and <c>port</c> of Linkis error texts.</summary>
    public static (string Host, int Port) HostAndPort(HttpContext context, LinkisSettings settings) =>
        settings.ConfiguredHost is { } host ? (host, settings.ConfiguredPort) : LocalAddress(context);

    /// <summary>The <c>GATEWAY_URL</c> value: the configured URL, else <c>&lt;scheme&gt;://&lt;node instance&gt;</c>.</summary>
    public static string GatewayUrl(HttpContext context, LinkisSettings settings) =>
        settings.Config.ThisUrl.Length > 0
            ? settings.Config.ThisUrl
            : (settings.Config.ThisSchema.Length > 0 ? settings.Config.ThisSchema : context.Request.Scheme) + "://" + Instance(context, settings);

    /// <summary>Parses <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public static bool TryParseInstance(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        var h = text[..colon];
        if (h.StartsWith('[') && h.EndsWith(']'))
        {
            h = h[1..^1];
        }

        if (h.Length == 0 || h.Contains('/', StringComparison.Ordinal) || h.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        host = h;
        return true;
    }

    private static (string Host, int Port) LocalAddress(HttpContext context)
    {
        var connection = context.Connection;
        var address = connection.LocalIpAddress;
        if (address is null)
        {
            // No socket (in-process hosts): the Host header is the best name clients know us by.
            var hostHeader = context.Request.Host;
            return (hostHeader.Host ?? "localhost", hostHeader.Port ?? (context.Request.IsHttps ? 443 : 80));
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return (address.ToString(), connection.LocalPort);
    }
}
