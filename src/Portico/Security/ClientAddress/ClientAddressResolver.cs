using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Portico.Configuration;
using Portico.Security.Networks;

namespace Portico.Security.ClientAddress;

/// <summary>
/// Resolves the client address with the <c>trusted-proxies</c> of the configuration the request runs under (the
/// exchange's, or the configuration in force outside the gateway's handler). When the peer is not trusted, which is every
/// request by default, no header is looked at.
/// </summary>
internal sealed class ClientAddressResolver(IGatewayConfigProvider configs, SecurityPolicyCache policies) : IClientAddressResolver
{
    /// <summary>The de-facto standard header name.</summary>
    public const string XForwardedForHeader = "X-Forwarded-For";

    /// <summary>The RFC 7239 header name.</summary>
    public const string ForwardedHeader = "Forwarded";

    public IPAddress? GetClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.Features.Get<GatewayExchange>()?.Config ?? configs.Config;
        return Resolve(context, policies.Get(config).TrustedProxies);
    }

    /// <summary>The client address of <paramref name="context"/> given the trusted proxies.</summary>
    internal static IPAddress? Resolve(HttpContext context, NetworkList trusted)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return null;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        if (trusted.IsEmpty || !trusted.Contains(peer))
        {
            return peer;
        }

        // One header is walked, never a mix: a proxy that appends to one of them passes a client's forged copy of the
        // other through untouched. X-Forwarded-For, which nearly every proxy maintains, wins; Forwarded is read only
        // from proxies that send no X-Forwarded-For.
        var headers = context.Request.Headers;
        var xff = headers[XForwardedForHeader];
        if (!StringValues.IsNullOrEmpty(xff))
        {
            return ForwardedChain.WalkXForwardedFor(xff, trusted, peer);
        }

        var forwarded = headers[ForwardedHeader];
        return StringValues.IsNullOrEmpty(forwarded) ? peer : ForwardedChain.WalkForwarded(forwarded, trusted, peer);
    }
}
