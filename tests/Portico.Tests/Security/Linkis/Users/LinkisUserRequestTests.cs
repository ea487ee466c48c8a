using Microsoft.AspNetCore.Http;
using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisUserRequestTests
{
    private static HttpContext With(params string[] cookieHeaders)
    {
        var context = new DefaultHttpContext();
        foreach (var header in cookieHeaders)
        {
            context.Request.Headers.Append("Cookie", header);
        }

        return context;
    }

    [Theory]
    [InlineData("t=abc", "abc")]
    [InlineData("a=1; t=ab+c/d==; b=2", "ab+c/d==")]
    [InlineData("t=first; t=second", "first")]
    [InlineData("  t = spaced ;x=1", "spaced")]
    [InlineData("t=\"quoted\"", "\"quoted\"")]
    [InlineData("t=a%2Bb", "a%2Bb")]
    [InlineData("tt=1; t2=2", null)]
    [InlineData("t=", null)]
    [InlineData("t", null)]
    [InlineData("=t", null)]
    [InlineData("", null)]
    public void Cookie_FirstRawValueByExactName(string header, string? expected)
    {
        Assert.Equal(expected, LinkisUserRequest.Cookie(With(header), "t"));
    }

    [Fact]
    public void Cookie_SeveralCookieHeaders_FirstHeaderFirst()
    {
        Assert.Equal("one", LinkisUserRequest.Cookie(With("x=0", "t=one", "t=two"), "t"));
    }

    [Fact]
    public void Cookie_NameIsCaseSensitive()
    {
        Assert.Null(LinkisUserRequest.Cookie(With("T=upper"), "t"));
    }

    [Fact]
    public void Header_FirstValueCaseInsensitiveName()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Append("token-code", "a");
        context.Request.Headers.Append("token-code", "b");

        Assert.Equal("a", LinkisUserRequest.Header(context, "Token-Code"));
        Assert.Null(LinkisUserRequest.Header(context, "Token-User"));
    }

    [Fact]
    public void Host_WithPortOrAbsent()
    {
        var context = new DefaultHttpContext();
        Assert.Null(LinkisUserRequest.Host(context));

        context.Request.Host = new HostString("gw.example.com", 9001);
        Assert.Equal("gw.example.com:9001", LinkisUserRequest.Host(context));
    }
}
