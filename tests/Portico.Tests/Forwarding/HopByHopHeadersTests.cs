using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class HopByHopHeadersTests
{
    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("Proxy-Connection")]
    [InlineData("TE")]
    [InlineData("te")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Proxy-Authorization")]
    [InlineData("PROXY-AUTHENTICATE")]
    [InlineData("X-Application-Context")]
    public void IsHopByHop_ConnectionHeaders_AreHopByHop(string name) => Assert.True(HopByHopHeaders.IsHopByHop(name));

    [Theory]
    [InlineData("Content-Type")]
    [InlineData("Authorization")]
    [InlineData("Host")]
    [InlineData("Trailers")]
    [InlineData("X-Forwarded-For")]
    [InlineData("Upgrade-Insecure-Requests")]
    public void IsHopByHop_EndToEndHeaders_AreNot(string name) => Assert.False(HopByHopHeaders.IsHopByHop(name));

    [Theory]
    [InlineData("keep-alive")]
    [InlineData("close")]
    [InlineData("Keep-Alive, Upgrade")]
    [InlineData(" , close ,")]
    public void NamesOtherHeaders_OnlyConnectionOptions_IsFalse(string value) =>
        Assert.False(HopByHopHeaders.NamesOtherHeaders(value));

    [Fact]
    public void NamesOtherHeaders_CustomToken_IsTrue() =>
        Assert.True(HopByHopHeaders.NamesOtherHeaders(new Microsoft.Extensions.Primitives.StringValues(["keep-alive", "X-Hop"])));

    [Theory]
    [InlineData("X-Hop", "keep-alive, X-Hop", true)]
    [InlineData("x-hop", "X-HOP", true)]
    [InlineData("X-Hop", " X-Other ,X-Hop ", true)]
    [InlineData("X-Hop", "X-Hop2", false)]
    [InlineData("X-Ho", "X-Hop", false)]
    [InlineData("X-Hop", "", false)]
    public void IsNamedIn_MatchesWholeTokensIgnoringCase(string name, string connection, bool expected) =>
        Assert.Equal(expected, HopByHopHeaders.IsNamedIn(name, connection));
}
