using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class ForwardedHeadersTests
{
    [Theory]
    [InlineData("/api/items", "/items", "/api")]
    [InlineData("/api/v1/items/", "/items", "/api/v1")]
    [InlineData("/api/items", "/items/", "/api")]
    [InlineData("/api", "/", "/api")]
    [InlineData("/api/", "/", "/api")]
    [InlineData("/caf\u00e9/x", "/x", "/caf%C3%A9")]
    public void ComputePrefix_CurrentPathIsTail_ReturnsRemovedHead(string original, string current, string expected) =>
        Assert.Equal(expected, ForwardedHeaders.ComputePrefix(original, current));

    [Theory]
    [InlineData("/items", "/items")]
    [InlineData("/a/b", "/c")]
    [InlineData("/a/items", "/b/items/more")]
    [InlineData("/", "/")]
    [InlineData("/x", "/longer/x")]
    public void ComputePrefix_NoPrefixRemoved_ReturnsNull(string original, string current) =>
        Assert.Null(ForwardedHeaders.ComputePrefix(original, current));

    [Fact]
    public void FormatForwarded_IPv4AndPlainHost_NeedNoQuotes() =>
        Assert.Equal("for=192.0.2.60;host=example.com;proto=https",
            ForwardedHeaders.FormatForwarded(IPAddress.Parse("192.0.2.60"), "example.com", "https"));

    [Fact]
    public void FormatForwarded_IPv6AndHostWithPort_AreQuoted() =>
        Assert.Equal("for=\"[2001:db8:cafe::17]\";host=\"example.com:8080\";proto=http",
            ForwardedHeaders.FormatForwarded(IPAddress.Parse("2001:db8:cafe::17"), "example.com:8080", "http"));

    [Fact]
    public void FormatForwarded_Loopback6_IsBracketedAndQuoted() =>
        Assert.Equal("for=\"[::1]\";proto=http", ForwardedHeaders.FormatForwarded(IPAddress.IPv6Loopback, null, "http"));

    [Fact]
    public void FormatForwarded_UnknownClient_SaysUnknown() =>
        Assert.Equal("for=unknown;host=h;proto=http", ForwardedHeaders.FormatForwarded(null, "h", "http"));

    [Fact]
    public void FormatForwarded_HostWithQuote_IsEscaped() =>
        Assert.Equal("for=unknown;host=\"a\\\"b\";proto=http", ForwardedHeaders.FormatForwarded(null, "a\"b", "http"));

    [Theory]
    [InlineData("X-Forwarded-For", true)]
    [InlineData("x-forwarded-proto", true)]
    [InlineData("X-Forwarded-Host", true)]
    [InlineData("X-Forwarded-Port", true)]
    [InlineData("Forwarded", true)]
    [InlineData("X-Forwarded-Prefix", false)]
    [InlineData("X-Forwarded-Server", false)]
    public void IsRewritten_DefaultsWithoutPrefix_CoversWrittenHeadersOnly(string name, bool expected)
    {
        var options = new ForwarderRequestOptions { XForwarded = new(), Forwarded = new() };

        Assert.Equal(expected, ForwardedHeaders.IsRewritten(name, ForwardedHeaders.Plan(options, hasPrefix: false)));
    }

    [Fact]
    public void Plan_EverythingDisabled_IsNone()
    {
        var options = new ForwarderRequestOptions
        {
            XForwarded = new() { Enabled = false },
            Forwarded = new() { Enabled = false },
        };

        Assert.Equal(ForwardedHeaders.Rewritten.None, ForwardedHeaders.Plan(options, hasPrefix: true));
    }

    [Fact]
    public void Plan_SingleHeadersSwitchedOff_AreLeftOut()
    {
        var options = new ForwarderRequestOptions
        {
            XForwarded = new() { ForEnabled = false, PortEnabled = false, PrefixEnabled = false },
        };

        Assert.Equal(ForwardedHeaders.Rewritten.Proto | ForwardedHeaders.Rewritten.Host, ForwardedHeaders.Plan(options, hasPrefix: true));
    }
}
