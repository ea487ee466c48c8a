using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Routing;

namespace Portico.Tests.Routing;

public sealed class RequestPathTests
{
    [Theory]
    [InlineData("/a/b", "/a/b", "/a/b")]
    [InlineData("/a/%252e%252e/b", "/a/%252e%252e/b", "/a/%252e%252e/b")]
    [InlineData("/a/%2e%2E/b", "/b", "/b")]
    [InlineData("/a/%2e/b", "/a/b", "/a/b")]
    [InlineData("/a/b/..", "/a/", "/a/")]
    [InlineData("/a/b/.", "/a/b/", "/a/b/")]
    [InlineData("/../../a", "/a", "/a")]
    [InlineData("/a/..;jsessionid=1/b", "/b", "/b")]
    [InlineData("/a/.;x/b", "/a/b", "/a/b")]
    [InlineData("/a%2fb/..", "/", "/")]
    [InlineData("/a%2Fb%5c%25", "/a%2Fb%5c%25", "/a%2Fb%5c%25")]
    [InlineData("/caf%C3%A9/%41", "/café/A", "/caf%C3%A9/%41")]
    [InlineData("/%c0%ae%c0%ae/x", "/%c0%ae%c0%ae/x", "/%c0%ae%c0%ae/x")]
    [InlineData("/100%/x%zz", "/100%25/x%25zz", "/100%/x%zz")]
    [InlineData("//a//..//b", "//a//b", "//a//b")]
    public void Normalize_RawPath_DotsGoOnTheDecodedFormAndEncodingStaysAsSent(string raw, string decoded, string encoded)
    {
        var result = RequestPath.Normalize(raw.AsSpan());

        Assert.Equal(decoded, result.Decoded);
        Assert.Equal(encoded, result.Encoded);
    }

    [Fact]
    public void Normalize_Context_SetsThePathAndTheRawTargetKeepingTheQuery()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/pub/%2e%2e/x/%252e?q=/../";
        context.Request.Path = "/x/%2e";

        RequestPath.Normalize(context);

        Assert.Equal("/x/%252e", context.Request.Path.Value);
        Assert.Equal("/x/%252e?q=/../", context.Features.Get<IHttpRequestFeature>()!.RawTarget);
    }

    [Fact]
    public void Normalize_PlainPath_LeavesTheServersPathAlone()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/files/report.v2.json?x=1";
        var path = new PathString("/files/report.v2.json");
        context.Request.Path = path;

        RequestPath.Normalize(context);

        Assert.Same(path.Value, context.Request.Path.Value);
    }

    [Fact]
    public void CreateUrl_EncodedDots_AreNotDecodedOrRemovedAgain()
    {
        var url = RequestPath.CreateUrl("http://127.0.0.1:1/pub/%2e%2e/x/%2541");

        Assert.Equal("/pub/%2e%2e/x/%2541", url.PathAndQuery);
    }
}
