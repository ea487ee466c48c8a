using System.Net;
using Portico.Configuration;
using Portico.Security.ClientAddress;

namespace Portico.Tests.Security.ClientAddress;

public class TrustedProxyListTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.10", "192.168.1.10", true)]
    [InlineData("192.168.1.10", "192.168.1.11", false)]
    [InlineData("10.1.2.3/8", "10.9.9.9", true)]
    [InlineData("0.0.0.0/0", "203.0.113.7", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.2.3.4", true)]
    [InlineData("10.0.0.0/8", "2001:db8::1", false)]
    public void Contains_MatchesAddressesAndRanges(string entry, string address, bool expected)
    {
        var errors = new List<ConfigError>();
        var list = TrustedProxyList.Parse([entry], errors);
        Assert.Empty(errors);
        Assert.Equal(expected, list.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("10.0.0.0/x")]
    [InlineData("fe80::1%eth0")]
    [InlineData("localhost")]
    [InlineData("10.0.0.1:80")]
    public void Parse_InvalidEntry_RecordsErrorNamingIt(string entry)
    {
        var errors = new List<ConfigError>();
        TrustedProxyList.Parse(["10.0.0.0/8", entry], errors);
        var error = Assert.Single(errors);
        Assert.Equal("trusted-proxies[1]", error.Field);
        Assert.Contains(entry, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Empty_TrustsNoOne()
    {
        var list = TrustedProxyList.Parse([], []);
        Assert.True(list.IsEmpty);
        Assert.False(list.Contains(IPAddress.Loopback));
    }

    [Fact]
    public void Config_TrustedProxiesFromYaml_BoundAndValidated()
    {
        var errors = SecurityTestHost.Errors("""
            portico:
              trusted-proxies: [10.0.0.0/8, bogus]
            """);
        var error = Assert.Single(errors);
        Assert.Equal("trusted-proxies[1]", error.Field);
    }
}
