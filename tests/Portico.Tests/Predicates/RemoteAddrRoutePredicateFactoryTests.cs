using System.Net;
using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class RemoteAddrRoutePredicateFactoryTests
{
    private readonly RemoteAddrRoutePredicateFactory _factory = new();

    private bool Test(string sources, string remote) =>
        Shortcut(_factory, sources).Test(TestExchange.Create(remoteIp: IPAddress.Parse(remote)));

    [Fact]
    public void Shortcut_IsGatherListOfSources()
    {
        Assert.Equal("RemoteAddr", _factory.Name);
        Assert.Equal(ShortcutType.GatherList, _factory.Shortcut.Type);
        Assert.Equal(["sources"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("192.168.1.1/24", "192.168.1.10", true)]
    [InlineData("192.168.1.1/24", "192.168.2.10", false)]
    [InlineData("192.168.1.10", "192.168.1.10", true)]
    [InlineData("192.168.1.10", "192.168.1.11", false)]
    [InlineData("10.0.0.0/8,172.16.0.0/12", "172.20.1.1", true)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("2001:db8::/32", "2001:db8:abcd::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("2001:db8::1", "2001:db8::2", false)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "::1", false)]
    public void Test_AddressesAndRanges(string sources, string remote, bool expected)
    {
        Assert.Equal(expected, Test(sources, remote));
    }

    [Fact]
    public void Test_NoRemoteAddress_DoesNotMatch()
    {
        var exchange = TestExchange.Create();
        exchange.HttpContext.Connection.RemoteIpAddress = null;
        Assert.False(Shortcut(_factory, "0.0.0.0/0").Test(exchange));
    }

    [Fact]
    public void Test_IgnoresXForwardedFor()
    {
        var exchange = TestExchange.Create(remoteIp: IPAddress.Parse("10.0.0.1"), headers: [KeyValuePair.Create("X-Forwarded-For", "192.168.1.5")]);
        Assert.False(Shortcut(_factory, "192.168.1.0/24").Test(exchange));
    }

    [Fact]
    public void ToString_ListsSources_SpringStyle()
    {
        Assert.Equal("RemoteAddrs: [192.168.1.1/24, ::1]", Shortcut(_factory, "192.168.1.1/24, ::1").ToString());
    }

    [Theory]
    [InlineData("10.1", "is not an IP address or CIDR range")]
    [InlineData("example.com", "is not an IP address or CIDR range")]
    [InlineData("300.1.1.1", "is not an IP address or CIDR range")]
    [InlineData("10.0.0.1:80", "is not an IP address or CIDR range")]
    [InlineData("10.0.0.0/33", "prefix length; it must be a number from 0 to 32")]
    [InlineData("2001:db8::/129", "from 0 to 128")]
    [InlineData("10.0.0.0/x", "invalid prefix length")]
    [InlineData("10.0.0.0/-1", "invalid prefix length")]
    public void Create_InvalidSource_ReportsError(string source, string expected)
    {
        Expanded(_factory, out var errors, ("sources", [source]));
        var error = SingleError(errors, "sources", expected);
        Assert.Contains("192.168.1.0/24", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SeveralInvalidSources_ReportsEach()
    {
        Shortcut(_factory, "bad, 10.0.0.0/8, worse", out var errors);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Create_NoSources_ReportsError()
    {
        Shortcut(_factory, "", out var errors);
        SingleError(errors, "sources", "needs at least one value");
    }
}
