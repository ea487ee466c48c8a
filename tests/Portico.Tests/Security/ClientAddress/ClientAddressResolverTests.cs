using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Security.ClientAddress;
using Portico.Security.Networks;

namespace Portico.Tests.Security.ClientAddress;

public class ClientAddressResolverTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");

    [Fact]
    public void Resolve_NoTrustedProxies_SpoofedXForwardedForIgnored()
    {
        var context = Context("203.0.113.7", ("X-Forwarded-For", "1.2.3.4"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, TrustedProxyList.None));
    }

    [Fact]
    public void Resolve_LoopbackPeerNotTrustedByDefault_HeadersIgnored()
    {
        var context = Context("127.0.0.1", ("X-Forwarded-For", "1.2.3.4"), ("Forwarded", "for=5.6.7.8"));
        Assert.Equal(IPAddress.Loopback, ClientAddressResolver.Resolve(context, TrustedProxyList.None));
    }

    [Fact]
    public void Resolve_UntrustedPeer_SpoofedXForwardedForIgnored()
    {
        var context = Context("198.51.100.9", ("X-Forwarded-For", "10.0.0.1"));
        Assert.Equal(IPAddress.Parse("198.51.100.9"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_TrustedPeer_TakesRightmostEntry()
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "1.2.3.4, 203.0.113.7"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_TrustedChain_SkipsTrustedHopsFromTheRight()
    {
        // The client forged "6.6.6.6"; its real address was appended by the first proxy, then two internal proxies.
        var context = Context("10.0.0.5", ("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.1.1.1, 10.2.2.2"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_SeveralHeaderLines_WalkedAsOneListLastLineFirst()
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "6.6.6.6, 203.0.113.7"), ("X-Forwarded-For", "10.9.9.9"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_AllHopsTrusted_ReturnsLeftmost()
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "10.3.3.3, 10.2.2.2"));
        Assert.Equal(IPAddress.Parse("10.3.3.3"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_TrustedPeerWithoutHeaders_ReturnsPeer()
    {
        var context = Context("10.0.0.5");
        Assert.Equal(Proxy, ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("not-an-ip")]
    [InlineData("10.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("[2001:db8::1")]
    public void Resolve_MalformedRightmostEntry_StopsAtLastTrustedHop(string entry)
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "203.0.113.7, " + entry));
        Assert.Equal(Proxy, ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_MalformedEntryBehindTrustedHop_StopsAtThatHop()
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "203.0.113.7, garbage, 10.7.7.7"));
        Assert.Equal(IPAddress.Parse("10.7.7.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_EmptyListElementsAndPorts_Tolerated()
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "203.0.113.7:5123 , ,"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_IPv6PeerAndEntries()
    {
        var context = Context("2001:db8:1::5", ("X-Forwarded-For", "2001:db8:ffff::1, [2001:db8:beef::7]:443, 2001:db8:1::9"));
        Assert.Equal(IPAddress.Parse("2001:db8:beef::7"), ClientAddressResolver.Resolve(context, Trusted("2001:db8:1::/48")));
    }

    [Fact]
    public void Resolve_IPv4MappedPeer_MatchedAgainstIPv4Range()
    {
        var context = Context("::ffff:10.0.0.5", ("X-Forwarded-For", "203.0.113.7"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_IPv4MappedUntrustedPeer_ReturnedAsIPv4()
    {
        var context = Context("::ffff:203.0.113.7");
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, TrustedProxyList.None));
    }

    [Fact]
    public void Resolve_NoRemoteAddress_IsNull()
    {
        var context = new DefaultHttpContext();
        Assert.Null(ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_Forwarded_WalkedByForParameter()
    {
        var context = Context("10.0.0.5", ("Forwarded", "for=6.6.6.6, for=203.0.113.7;proto=https;by=10.0.0.5, For=\"10.2.2.2\""));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_ForwardedQuotedIPv6WithPort()
    {
        var context = Context("10.0.0.5", ("Forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=http"));
        Assert.Equal(IPAddress.Parse("2001:db8:cafe::17"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_ForwardedQuotedCommaInsideValue_NotAnElementSeparator()
    {
        var context = Context("10.0.0.5", ("Forwarded", "for=203.0.113.7;host=\"a,b\""));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Theory]
    [InlineData("for=unknown")]
    [InlineData("for=_hidden")]
    [InlineData("proto=https")]
    [InlineData("for=\"203.0.113.7")]
    [InlineData("for=\"[2001:db8::1]\\\"")]
    public void Resolve_ForwardedUnusableElement_StopsAtPeer(string header)
    {
        var context = Context("10.0.0.5", ("Forwarded", header));
        Assert.Equal(Proxy, ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_BothHeaders_XForwardedForWins()
    {
        var context = Context("10.0.0.5", ("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=6.6.6.6"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void Resolve_ForwardedLongerThanLimit_StopsAtPeer()
    {
        var header = string.Join(", ", Enumerable.Repeat("for=10.1.1.1", ForwardedChain.MaxForwardedElements + 1));
        var context = Context("10.0.0.5", ("Forwarded", header));
        Assert.Equal(Proxy, ClientAddressResolver.Resolve(context, Trusted("10.0.0.0/8")));
    }

    [Fact]
    public void GetClientAddress_UsesTheExchangesConfiguration()
    {
        using var host = SecurityTestHost.Create("""
            portico:
              trusted-proxies: [10.0.0.0/8]
              routes:
                - id: r
                  uri: http://upstream.test
            """);
        var exchange = host.Exchange("r", headers: [new("X-Forwarded-For", "203.0.113.7")], remoteIp: Proxy);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), host.Resolver.GetClientAddress(exchange.HttpContext));
    }

    [Fact]
    public void GetClientAddress_OutsideAnExchange_UsesTheCurrentSnapshot()
    {
        using var host = SecurityTestHost.Create("portico:\n  trusted-proxies: [10.0.0.0/8]\n");
        var context = Context("10.0.0.5", ("X-Forwarded-For", "203.0.113.7"));
        Assert.Equal(IPAddress.Parse("203.0.113.7"), host.Resolver.GetClientAddress(context));
    }

    private static NetworkList Trusted(params string[] entries)
    {
        var errors = new List<ConfigError>();
        var list = TrustedProxyList.Parse(entries, errors);
        Assert.Empty(errors);
        return list;
    }

    private static DefaultHttpContext Context(string peer, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }
}
