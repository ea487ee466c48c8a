using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Security.Networks;

namespace Portico.Predicates;

/// <summary>
/// <c>XForwardedRemoteAddr=&lt;source&gt;[, ...]</c>: as <c>RemoteAddr</c>, but the client address is read from
/// <c>X-Forwarded-For</c> (Spring's <c>XForwardedRemoteAddrRoutePredicateFactory</c>). <c>maxTrustedIndex</c>
/// (default 1) is how many proxies in front of the gateway are trusted: the address used is the one at that position
/// counting from the right, or the left-most when the header has fewer entries. Without the header, or when it appears
/// more than once (and so cannot be trusted), the socket address is used.
/// </summary>
internal sealed class XForwardedRemoteAddrRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.XForwardedRemoteAddr;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherList("sources");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var sources = IpSourceList.Parse(args, "sources");
        var maxTrustedIndex = 1;
        if (args.GetString("maxTrustedIndex") is { } text)
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out maxTrustedIndex) || maxTrustedIndex < 1)
            {
                args.AddError("maxTrustedIndex", $"'{text}' is not a whole number of at least 1.", "Set maxTrustedIndex to the number of trusted proxies in front of the gateway (1 trusts only the last hop).");
                maxTrustedIndex = 1;
            }
        }

        return new XForwardedRemoteAddrRoutePredicate(sources, maxTrustedIndex);
    }

    /// <summary>The client address by Spring's <c>XForwardedRemoteAddressResolver</c>; null when the trusted entry is not an IP address.</summary>
    internal static IPAddress? ResolveClientAddress(HttpContext context, int maxTrustedIndex)
    {
        var values = context.Request.Headers["X-Forwarded-For"];
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return context.Connection.RemoteIpAddress;
        }

        var header = values[0].AsSpan();
        var end = header.Length;
        var taken = 0;
        while (true)
        {
            var comma = header[..end].LastIndexOf(',');
            taken++;
            if (taken == maxTrustedIndex || comma < 0)
            {
                return IpParser.TryParseAddress(header[(comma + 1)..end], out var address) ? address : null;
            }

            end = comma;
        }
    }

    private sealed class XForwardedRemoteAddrRoutePredicate(IpSourceList sources, int maxTrustedIndex) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) =>
            ResolveClientAddress(exchange.HttpContext, maxTrustedIndex) is { } address && sources.Contains(address);

        public override string ToString() => $"XForwardedRemoteAddrs: {sources}, max trusted index: {maxTrustedIndex}";
    }
}
