using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class AffinityKeyTests
{
    [Theory]
    [InlineData("10.0.2.15:9003", "10.0.2.15", 9003)]
    [InlineData("  host.example:80 ", "host.example", 80)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("h:65535", "h", 65535)]
    public void TryParseAuthority_Valid_ReturnsHostAndPort(string text, string host, int port)
    {
        Assert.True(AffinityKey.TryParseAuthority(text, out var h, out var p));
        Assert.Equal(host, h.ToString());
        Assert.Equal(port, p);
    }

    [Theory]
    [InlineData("10.0.2.15")]
    [InlineData("10.0.2.15:")]
    [InlineData(":9003")]
    [InlineData("10.0.2.15:0")]
    [InlineData("10.0.2.15:65536")]
    [InlineData("10.0.2.15:-1")]
    [InlineData("10.0.2.15:80x")]
    [InlineData("::1:8080")]
    [InlineData("[::1:8080")]
    [InlineData("http://h:80")]
    [InlineData("a b:80")]
    public void TryParseAuthority_Malformed_ReturnsFalse(string text) =>
        Assert.False(AffinityKey.TryParseAuthority(text, out _, out _));

    [Fact]
    public void Matches_HostCaseInsensitiveAndBracketsIgnored()
    {
        Assert.True(AffinityKey.Matches(Lb.Instance("a", host: "Node-1.Example"), "node-1.example", 8080));
        Assert.True(AffinityKey.Matches(Lb.Instance("a", host: "[::1]"), "::1", 8080));
        Assert.False(AffinityKey.Matches(Lb.Instance("a", host: "node-1"), "node-1", 8081));
    }

    [Fact]
    public void Cookie_RoundTripsAndDiffersPerInstance()
    {
        var a = Lb.Instance("orders-1");
        var b = Lb.Instance("orders-2");
        var text = AffinityKey.FormatCookie(a);
        Assert.Equal(16, text.Length);
        Assert.True(AffinityKey.TryParseCookie(text, out var key));
        Assert.Equal(AffinityKey.CookieKey(a), key);
        Assert.NotEqual(AffinityKey.CookieKey(a), AffinityKey.CookieKey(b));
        Assert.DoesNotContain("10.0.0.1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("0123456789abcdeg")]
    [InlineData("0123456789abcdef0")]
    public void TryParseCookie_Malformed_ReturnsFalse(string text) => Assert.False(AffinityKey.TryParseCookie(text, out _));

    [Fact]
    public void CookieName_DefaultsPerService_ConfiguredWins()
    {
        Assert.Equal("portico-affinity-orders", AffinityKey.CookieName("Orders", new AffinityConfig()));
        Assert.Equal("SESSION_NODE", AffinityKey.CookieName("orders", new AffinityConfig { CookieName = "SESSION_NODE" }));
    }
}
