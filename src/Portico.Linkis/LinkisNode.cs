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
    public static string Instance(HttpContext context, LinkisSettings settings) => Address(context, settings).Instance;

    /// <summary>The node's host (no brackets) and port, for the <c>ip</c> and <c>port</c> of Linkis error texts.</summary>
    public static (string Host, int Port) HostAndPort(HttpContext context, LinkisSettings settings)
    {
        var address = Address(context, settings);
        return (address.Host, address.Port);
    }

    /// <summary>The <c>GATEWAY_URL</c> value: the configured URL, else <c>&lt;scheme&gt;://&lt;node instance&gt;</c>.</summary>
    public static string GatewayUrl(HttpContext context, LinkisSettings settings)
    {
        var config = settings.Config;
        if (config.ThisUrl.Length > 0)
        {
            return config.ThisUrl;
        }

        var scheme = config.ThisSchema.Length > 0 ? config.ThisSchema : context.Request.Scheme;
        var address = Address(context, settings);
        return scheme switch
        {
            "http" => address.HttpUrl,
            "https" => address.HttpsUrl,
            _ => scheme + "://" + address.Instance,
        };
    }

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

    private static NodeAddress Address(HttpContext context, LinkisSettings settings)
    {
        if (settings.ConfiguredAddress is { } configured)
        {
            return configured;
        }

        var connection = context.Connection;
        var ip = connection.LocalIpAddress;
        if (ip is null)
        {
            // No socket (in-process hosts): the Host header is the best name clients know us by.
            var host = context.Request.Host;
            return NodeAddress.Create(host.Host ?? "localhost", host.Port ?? (context.Request.IsHttps ? 443 : 80), null);
        }

        // A node usually listens on one address: remember the last one rather than format it on every request.
        var last = settings.LastLocalAddress;
        if (last is not null && last.Port == connection.LocalPort && ip.Equals(last.Ip))
        {
            return last;
        }

        var mapped = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        var address = NodeAddress.Create(mapped.ToString(), connection.LocalPort, ip);
        settings.LastLocalAddress = address;
        return address;
    }
}

/// <summary>A node address with its formatted forms.</summary>
internal sealed record NodeAddress(string Host, int Port, IPAddress? Ip, string Instance, string HttpUrl, string HttpsUrl)
{
    public static NodeAddress Create(string host, int port, IPAddress? ip)
    {
        var instance = (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
        return new NodeAddress(host, port, ip, instance, "http://" + instance, "https://" + instance);
    }
}
