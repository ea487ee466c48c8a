using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class ResponseHeadersTests
{
    private static HttpResponseMessage Upstream(HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        response.Content.Headers.TryAddWithoutValidation("Content-Length", "2");
        return response;
    }

    [Fact]
    public void Copy_StatusAndHeaders_AreCopiedWithContentHeaders()
    {
        using var upstream = Upstream(HttpStatusCode.Accepted);
        upstream.Headers.TryAddWithoutValidation("ETag", "\"v1\"");
        var context = new DefaultHttpContext();

        ResponseHeaders.Copy(upstream, context.Response);

        Assert.Equal(202, context.Response.StatusCode);
        Assert.Equal("\"v1\"", context.Response.Headers.ETag);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal(2, context.Response.ContentLength);
    }

    [Fact]
    public void Copy_HopByHopAndConnectionNamedHeaders_AreDropped()
    {
        using var upstream = Upstream();
        upstream.Headers.TryAddWithoutValidation("Connection", "keep-alive, X-Resp-Hop");
        upstream.Headers.TryAddWithoutValidation("X-Resp-Hop", "1");
        upstream.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        upstream.Headers.TryAddWithoutValidation("Transfer-Encoding", "chunked");
        upstream.Headers.TryAddWithoutValidation("Proxy-Authenticate", "Basic");
        upstream.Headers.TryAddWithoutValidation("Upgrade", "h2c");
        upstream.Headers.TryAddWithoutValidation("X-Kept", "yes");
        var context = new DefaultHttpContext();

        ResponseHeaders.Copy(upstream, context.Response);

        var headers = context.Response.Headers;
        Assert.Equal("yes", headers["X-Kept"]);
        foreach (var name in new[] { "Connection", "X-Resp-Hop", "Keep-Alive", "Transfer-Encoding", "Proxy-Authenticate", "Upgrade" })
        {
            Assert.False(headers.ContainsKey(name), name);
        }
    }

    [Fact]
    public void Copy_RepeatedSetCookie_KeepsEachValue()
    {
        using var upstream = Upstream();
        upstream.Headers.TryAddWithoutValidation("Set-Cookie", "a=1");
        upstream.Headers.TryAddWithoutValidation("Set-Cookie", "b=2");
        var context = new DefaultHttpContext();

        ResponseHeaders.Copy(upstream, context.Response);

        Assert.Equal(new[] { "a=1", "b=2" }, context.Response.Headers.SetCookie.ToArray()!);
    }

    [Fact]
    public void Copy_ExistingResponseHeader_IsReplaced()
    {
        using var upstream = Upstream();
        upstream.Headers.TryAddWithoutValidation("X-Version", "upstream");
        var context = new DefaultHttpContext();
        context.Response.Headers["X-Version"] = "gateway";

        ResponseHeaders.Copy(upstream, context.Response);

        Assert.Equal("upstream", context.Response.Headers["X-Version"]);
    }

    [Fact]
    public void CopyTrailers_ClientSupportsTrailers_AppendsThem()
    {
        using var upstream = Upstream();
        upstream.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
        var context = new DefaultHttpContext();
        var trailers = new TrailersFeature();
        context.Features.Set<IHttpResponseTrailersFeature>(trailers);

        ResponseHeaders.CopyTrailers(upstream, context.Response);

        Assert.Equal("0", trailers.Trailers["grpc-status"]);
    }

    [Fact]
    public void CopyTrailers_ClientWithoutTrailers_LeavesUpstreamTrailersUntouched()
    {
        using var upstream = Upstream();
        var context = new DefaultHttpContext();

        ResponseHeaders.CopyTrailers(upstream, context.Response);

        Assert.False(context.Response.SupportsTrailers());
    }

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
