using System.Text;
using Microsoft.AspNetCore.Http;
using Portico.Linkis.Messages;

namespace Portico.Tests.Linkis.Messages;

public sealed class LinkisResponseWriterTests
{
    private static async Task<(HttpContext Context, string Body)> FrameworkErrorAsync(int status, string path)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        Assert.True(await LinkisResponseWriter.WriteFrameworkErrorAsync(context, status, path));
        return (context, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task FrameworkError_503_AddsRequestPathSuffixAndEmptyDataArray()
    {
        var (context, body) = await FrameworkErrorAsync(503, "/api/rest_j/v1/x/y");

        Assert.Equal("{\"method\":\"/api/rest_j/v1/x/y\",\"status\":503,\"message\":\"Service Unavailable, with request path:/api/rest_j/v1/x/y\",\"data\":[]}", body);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
    }

    [Fact]
    public async Task FrameworkError_413_ReasonPhraseOnly()
    {
        var (_, body) = await FrameworkErrorAsync(413, "/api/rest_j/v1/entrance/submit");

        Assert.Equal("{\"method\":\"/api/rest_j/v1/entrance/submit\",\"status\":413,\"message\":\"Payload Too Large\",\"data\":[]}", body);
    }

    [Fact]
    public async Task FrameworkError_404_NoSuffix()
    {
        var (_, body) = await FrameworkErrorAsync(404, "/dws/x");

        Assert.Equal("{\"method\":\"/dws/x\",\"status\":404,\"message\":\"Not Found\",\"data\":[]}", body);
    }

    [Fact]
    public async Task FrameworkError_PathWithQuoteAndHtml_EscapedAsJackson()
    {
        var (_, body) = await FrameworkErrorAsync(500, "/a\"<b>");

        Assert.Equal("{\"method\":\"/a\\\"<b>\",\"status\":500,\"message\":\"Internal Server Error, with request path:/a\\\"<b>\",\"data\":[]}", body);
    }

    [Fact]
    public async Task Message_Written_Http200WithJsonCharsetContentType()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        Assert.True(await LinkisResponseWriter.WriteMessageAsync(context, LinkisMessage.Error("x").WithMethod("/p")));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("application/json;charset=UTF-8", context.Response.ContentType);
        Assert.Equal("{\"method\":\"/p\",\"status\":1,\"message\":\"x\",\"data\":{}}", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task Message_HeadRequest_WritesHeadersOnly()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "HEAD";
        context.Response.Body = new MemoryStream();

        Assert.True(await LinkisResponseWriter.WriteMessageAsync(context, LinkisMessage.Error("x")));

        Assert.Equal(0, context.Response.Body.Length);
        Assert.True(context.Response.ContentLength > 0);
    }
}
