using System.Net;
using Microsoft.AspNetCore.Http;

namespace Portico.Security.ClientAddress;

/// <summary>
/// The address of the client a request comes from. It is the socket peer, unless the peer is one of the configured
/// <c>trusted-proxies</c>: then the client is the right-most address of <c>X-Forwarded-For</c> (or, without that
/// header, of RFC 7239 <c>Forwarded</c>) that is not itself a trusted proxy. Headers sent by any other peer are
/// ignored, so a client cannot choose its own address. By default no proxy is trusted, loopback included.
/// </summary>
public interface IClientAddressResolver
{
    /// <summary>
    /// The client's address, IPv4-mapped IPv6 addresses given as IPv4; null when the connection has no IP address
    /// (a Unix socket or an in-memory test server).
    /// </summary>
    IPAddress? GetClientAddress(HttpContext context);
}
