using System.Net;
using Portico.Security.Networks;

namespace Portico.Tests.Security.Networks;

public class NetworkListTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.1.2.3/8", "10.9.9.9", true)]
    [InlineData("192.168.1.10", "192.168.1.10", true)]
    [InlineData("192.168.1.10", "192.168.1.11", false)]
    [InlineData("0.0.0.0/0", "203.0.113.7", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("[2001:db8::1]", "2001:db8::1", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.2.3.4", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.1.1", true)]
    [InlineData("10.0.0.0/8", "2001:db8::1", false)]
    [InlineData(" 10.0.0.1 ", "10.0.0.1", true)]
    public void Contains_AddressesAndRanges(string entry, string address, bool expected)
    {
        var list = NetworkList.Parse([entry], (_, e, p) => Assert.Fail($"{e} {p}"));

        Assert.Equal(expected, list.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1", "is not an IP address or CIDR range.")]
    [InlineData("010.0.0.1", "is not an IP address or CIDR range.")]
    [InlineData("300.1.1.1", "is not an IP address or CIDR range.")]
    [InlineData("fe80::1%eth0", "is not an IP address or CIDR range.")]
    [InlineData("10.0.0.1:80", "is not an IP address or CIDR range.")]
    [InlineData("example.com", "is not an IP address or CIDR range.")]
    [InlineData("10.0.0.0/33", "has an invalid prefix length; it must be a number from 0 to 32.")]
    [InlineData("2001:db8::/129", "has an invalid prefix length; it must be a number from 0 to 128.")]
    [InlineData("10.0.0.0/-1", "has an invalid prefix length; it must be a number from 0 to 32.")]
    public void Parse_InvalidEntry_ReportsIndexEntryAndProblemAndLeavesItOut(string entry, string problem)
    {
        var reported = new List<(int, string, string)>();

        var list = NetworkList.Parse(["10.0.0.0/8", entry], (i, e, p) => reported.Add((i, e, p)));

        Assert.Equal((1, entry, problem), Assert.Single(reported));
        Assert.Equal(1, list.Count);
        Assert.Equal(["10.0.0.0/8"], list.Texts);
    }

    [Fact]
    public void Empty_ContainsNothing()
    {
        Assert.True(NetworkList.Empty.IsEmpty);
        Assert.False(NetworkList.Empty.Contains(IPAddress.Loopback));
        Assert.Same(NetworkList.Empty, NetworkList.Parse([], (_, _, _) => { }));
    }

    [Fact]
    public void ToString_ListsTheValidEntries()
    {
        var list = NetworkList.Parse(["10.0.0.0/8", "::1"], (_, _, _) => { });

        Assert.Equal("10.0.0.0/8, ::1", list.ToString());
    }
}
