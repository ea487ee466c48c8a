using Microsoft.Extensions.Primitives;
using Portico.Security.Linkis;

namespace Portico.Tests.Security.Linkis;

public class LinkisRequestCookiesTests
{
    [Theory]
    [InlineData("t=abc", "abc")]
    [InlineData("a=1; t=ab+c/d==; b=2", "ab+c/d==")]
    [InlineData("a=1;t = x ;b=2", "x")]
    [InlineData("t=first; t=second", "first")]
    [InlineData("t=", "")]
    [InlineData("t", "")]
    [InlineData("a%3D=1; t=%41", "%41")]
    public void Find_FirstCookieRawValue(string header, string expected)
    {
        Assert.Equal(expected, LinkisRequestCookies.Find(header, "t"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tt=1; T=2; xt=3")]
    [InlineData("a=t")]
    public void Find_Absent_ReturnsNull(string header)
    {
        Assert.Null(LinkisRequestCookies.Find(header, "t"));
        Assert.False(LinkisRequestCookies.Contains(header, "t"));
    }

    [Fact]
    public void Find_SearchesEveryHeaderLine()
    {
        Assert.Equal("2", LinkisRequestCookies.Find(new StringValues(["a=1", "t=2"]), "t"));
    }

    [Theory]
    [InlineData(null, "t=new")]
    [InlineData("a=1", "a=1;t=new")]
    [InlineData("a=1; t=old; b=2", "a=1; b=2;t=new")]
    [InlineData("t=old", "t=new")]
    [InlineData("t=old;t=older", "t=new")]
    public void With_AppendsAndReplaces(string? existing, string expected)
    {
        Assert.Equal(expected, LinkisRequestCookies.With(existing is null ? StringValues.Empty : new StringValues(existing), "t", "new").ToString());
    }

    [Fact]
    public void With_FoldsHttp2CookieLines()
    {
        Assert.Equal("a=1; b=2;t=new", LinkisRequestCookies.With(new StringValues(["a=1", "b=2"]), "t", "new").ToString());
    }
}
