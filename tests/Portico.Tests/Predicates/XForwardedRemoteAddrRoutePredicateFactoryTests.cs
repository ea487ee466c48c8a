using System.Net;
using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class XForwardedRemoteAddrRoutePredicateFactoryTests
{
    private readonly XForwardedRemoteAddrRoutePredicateFactory _factory = new();

    private static GatewayExchange Exchange(string remote, params string[] xff) =>
        TestExchange.Create(remoteIp: IPAddress.Parse(remote), headers: xff.Select(v => KeyValuePair.Create("X-Forwarded-For", v)));

    [Fact]
    public void Shortcut_IsGatherListOfSources()
    {
        Assert.Equal("XForwardedRemoteAddr", _factory.Name);
        Assert.Equal(ShortcutType.GatherList, _factory.Shortcut.Type);
        Assert.Equal(["sources"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("192.168.1.5", true)]
    [InlineData("10.9.9.9, 192.168.1.5", true)]
    [InlineData("192.168.1.5, 10.9.9.9", false)]
    [InlineData("192.168.1.5,10.9.9.9", false)]
    [InlineData("10.9.9.9,192.168.1.5", true)]
    [InlineData("192.168.1.5:4711", true)]
    [InlineData("not-an-ip", false)]
    public void Test_DefaultMaxTrustedIndex_UsesRightMostEntry(string xff, bool expected)
    {
        var predicate = Shortcut(_factory, "192.168.1.0/24");
        Assert.Equal(expected, predicate.Test(Exchange("10.0.0.1", xff)));
    }

    [Theory]
    [InlineData("1.1.1.1, 192.168.1.5, 10.0.0.2", 2, true)]
    [InlineData("1.1.1.1, 192.168.1.5, 10.0.0.2", 1, false)]
    [InlineData("192.168.1.5, 10.0.0.2", 5, true)]
    [InlineData("1.1.1.1, 192.168.1.5, 10.0.0.2", 3, false)]
    public void Test_MaxTrustedIndex_CountsFromTheRight(string xff, int maxTrustedIndex, bool expected)
    {
        var predicate = Expanded(_factory, ("sources", ["192.168.1.0/24"]), ("maxTrustedIndex", [maxTrustedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        Assert.Equal(expected, predicate.Test(Exchange("10.0.0.1", xff)));
    }

    [Fact]
    public void Test_NoHeader_FallsBackToSocketAddress()
    {
        var predicate = Shortcut(_factory, "10.0.0.0/8");
        Assert.True(predicate.Test(Exchange("10.0.0.1")));
        Assert.False(predicate.Test(Exchange("11.0.0.1")));
    }

    [Fact]
    public void Test_HeaderTwice_IsDiscardedAndSocketAddressUsed()
    {
        var predicate = Shortcut(_factory, "192.168.1.0/24");
        Assert.False(predicate.Test(Exchange("10.0.0.1", "192.168.1.5", "192.168.1.6")));
        Assert.True(Shortcut(_factory, "10.0.0.1").Test(Exchange("10.0.0.1", "192.168.1.5", "192.168.1.6")));
    }

    [Fact]
    public void Test_IPv6Entries_Matched()
    {
        var predicate = Shortcut(_factory, "2001:db8::/32");
        Assert.True(predicate.Test(Exchange("10.0.0.1", "2001:db8::7")));
        Assert.True(predicate.Test(Exchange("10.0.0.1", "[2001:db8::7]:443")));
        Assert.False(predicate.Test(Exchange("10.0.0.1", "2001:db9::7")));
    }

    [Fact]
    public void ToString_DescribesSourcesAndIndex()
    {
        Assert.Equal("XForwardedRemoteAddrs: [192.168.1.0/24], max trusted index: 1", Shortcut(_factory, "192.168.1.0/24").ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("one")]
    public void Create_MaxTrustedIndexBelowOne_ReportsError(string value)
    {
        Expanded(_factory, out var errors, ("sources", ["10.0.0.0/8"]), ("maxTrustedIndex", [value]));
        SingleError(errors, "maxTrustedIndex", "at least 1");
    }

    [Fact]
    public void Create_BadSource_ReportsError()
    {
        Shortcut(_factory, "10.0.0.0/8, 10.0.0.0/40", out var errors);
        SingleError(errors, "sources", "from 0 to 32");
    }
}
