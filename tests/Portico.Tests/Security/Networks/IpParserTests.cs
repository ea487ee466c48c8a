using System.Net;
using Portico.Security.Networks;

namespace Portico.Tests.Security.Networks;

public class IpParserTests
{
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData(" 10.0.0.1 ", "10.0.0.1")]
    [InlineData("10.0.0.1:8080", "10.0.0.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("[2001:db8::1]:443", "2001:db8::1")]
    public void TryParseAddress_ClientAddressForms(string text, string expected)
    {
        Assert.True(IpParser.TryParseAddress(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.1:")]
    [InlineData("10.0.0.1:99999")]
    [InlineData("[2001:db8::1]:x")]
    [InlineData("fe80::1%eth0")]
    [InlineData("1.2.3.4, 5.6.7.8")]
    public void TryParseAddress_Invalid_ReturnsFalse(string text)
    {
        Assert.False(IpParser.TryParseAddress(text, out _));
    }

    [Fact]
    public void TryParseNetwork_ClearsHostBits()
    {
        Assert.True(IpParser.TryParseNetwork("192.168.1.10/24", out var network, out _));
        Assert.Equal(IPNetwork.Parse("192.168.1.0/24"), network);
    }

    [Fact]
    public void TryParseNetwork_MappedRange_BecomesIPv4()
    {
        Assert.True(IpParser.TryParseNetwork("::ffff:10.0.0.0/104", out var network, out _));
        Assert.Equal(IPNetwork.Parse("10.0.0.0/8"), network);
    }
}
