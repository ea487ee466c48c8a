using Microsoft.AspNetCore.Http;
using Portico.Security.Linkis.Access;

namespace Portico.Tests.Security.Linkis.Access;

public class LinkisTokenRequestTests
{
    private static IHeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return dictionary;
    }

    [Theory]
    [InlineData("Token-Code", "Token-User", null, true)]
    [InlineData("token-code", "TOKEN-USER", null, true)]
    [InlineData("Token-Code", null, null, false)]
    [InlineData(null, null, "Token-Code=a; Token-User=b", true)]
    [InlineData(null, null, "Token-Code=a", false)]
    [InlineData(null, null, "token-code=a; token-user=b", false)]
    [InlineData("Token-Code", null, "Token-User=b", false)]
    public void IsTokenRequest_BothHeadersOrBothCookies(string? header1, string? header2, string? cookie, bool expected)
    {
        var headers = Headers();
        if (header1 is not null)
        {
            headers.Append(header1, "x");
        }

        if (header2 is not null)
        {
            headers.Append(header2, "y");
        }

        if (cookie is not null)
        {
            headers.Cookie = cookie;
        }

        Assert.Equal(expected, LinkisTokenRequest.IsTokenRequest(headers, out _, out _));
    }

    [Fact]
    public void TryRead_HeadersFirst()
    {
        Assert.True(LinkisTokenRequest.TryRead(Headers(("Token-Code", "h"), ("Token-User", "hu"), ("Cookie", "Token-Code=c; Token-User=cu")), out var code, out var user));
        Assert.Equal(("h", "hu"), (code, user));
    }

    [Fact]
    public void TryRead_BlankHeader_TakesBothFromCookies()
    {
        Assert.True(LinkisTokenRequest.TryRead(Headers(("Token-Code", "h"), ("Token-User", ""), ("Cookie", "Token-Code=c; Token-User=cu")), out var code, out var user));
        Assert.Equal(("c", "cu"), (code, user));
    }

    [Fact]
    public void TryRead_NothingComplete_ReturnsFalse()
    {
        Assert.False(LinkisTokenRequest.TryRead(Headers(("Token-Code", "h"), ("Token-User", " "), ("Cookie", "Token-Code=c; Token-User=")), out _, out _));
    }

    [Theory]
    [InlineData("Token-Alive", "true", true)]
    [InlineData("Token-Alive", "True", true)]
    [InlineData("Token-Alive", "yes", false)]
    [InlineData("Cookie", "Token-Alive=TRUE", true)]
    [InlineData("Cookie", "x=1", false)]
    public void IsAlive_HeaderElseCookie(string name, string value, bool expected)
    {
        Assert.Equal(expected, LinkisTokenRequest.IsAlive(Headers((name, value))));
    }

    [Fact]
    public void IsAlive_HeaderWinsOverCookie()
    {
        Assert.False(LinkisTokenRequest.IsAlive(Headers(("Token-Alive", "false"), ("Cookie", "Token-Alive=true"))));
    }
}
