using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Errors;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class HttpForwarderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static HttpForwarder CreateForwarder() =>
        new(new UpstreamClientPool(NullLogger<UpstreamClientPool>.Instance), new TimeoutSourcePool(TimeProvider.System), NullLogger<HttpForwarder>.Instance);

    private static HttpResponseMessage Upstream(Stream body, string? contentType = null)
    {
        var response = new HttpResponseMessage
        {
            Content = new StreamContent(body),
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5001/x"),
        };
        if (contentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return response;
    }

    private static DefaultHttpContext Client(Stream body)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        return context;
    }

    [Fact]
    public async Task CopyResponseBody_LargeBody_ArrivesWhole()
    {
        var body = new byte[(HttpForwarder.ResponseBufferSize * 4) + 5];
        new Random(7).NextBytes(body);
        using var upstream = Upstream(new MemoryStream(body));
        using var client = new MemoryStream();

        var context = Client(client);

        await CreateForwarder().CopyResponseBodyAsync(upstream, context);

        // Every byte is out before the response ends: a server may end a started response without flushing.
        Assert.Equal(body, client.ToArray());
    }

    [Fact]
    public async Task CopyResponseBody_UpstreamPauses_ClientGetsWhatExistsBeforeTheRest()
    {
        var source = new ScriptedReadStream();
        using var upstream = Upstream(source);
        var client = new RecordingWriteStream();
        source.Release("data: 1\n\n"u8.ToArray());
        var firstFlush = client.NextFlush;

        var context = Client(client);

        var copy = CreateForwarder().CopyResponseBodyAsync(upstream, context).AsTask();
        await firstFlush.WaitAsync(Bound);
        var beforeSecond = Encoding.ASCII.GetString(client.Written);
        source.Release("data: 2\n\n"u8.ToArray());
        source.End();
        await copy.WaitAsync(Bound);
        await context.Response.CompleteAsync();

        Assert.Equal("data: 1\n\n", beforeSecond);
        Assert.Equal("data: 1\n\ndata: 2\n\n", Encoding.ASCII.GetString(client.Written));
    }

    [Fact]
    public async Task CopyResponseBody_WholeBodyAtOnce_IsSentInOneFlushWhenTheUpstreamEnds()
    {
        using var upstream = Upstream(new MemoryStream("small"u8.ToArray()));
        var client = new RecordingWriteStream();
        var context = Client(client);

        await CreateForwarder().CopyResponseBodyAsync(upstream, context);

        Assert.Equal(1, client.Flushes);
        Assert.Equal("small", Encoding.ASCII.GetString(client.Written));
    }

    [Fact]
    public async Task CopyResponseBody_UpstreamFailsAtOnce_Is502AndWritesNothing()
    {
        var source = new ScriptedReadStream(new IOException("connection reset"));
        source.End();
        using var upstream = Upstream(source);
        using var client = new MemoryStream();
        var context = Client(client);

        var error = await Assert.ThrowsAsync<GatewayException>(() => CreateForwarder().CopyResponseBodyAsync(upstream, context).AsTask());

        Assert.Equal(502, error.StatusCode);
        Assert.Equal("Upstream 127.0.0.1:5001 failed while sending the response body.", error.Message);
        Assert.Equal(0, client.Length);
    }

    [Fact]
    public async Task CopyResponseBody_UpstreamFailsMidway_Is502AfterTheFirstBytesWereSent()
    {
        var source = new ScriptedReadStream(new IOException("connection reset"));
        source.Release("partial"u8.ToArray());
        source.End();
        using var upstream = Upstream(source);
        using var client = new MemoryStream();

        var error = await Assert.ThrowsAsync<GatewayException>(() => CreateForwarder().CopyResponseBodyAsync(upstream, Client(client)).AsTask());

        Assert.Equal(502, error.StatusCode);
        Assert.Equal("partial", Encoding.ASCII.GetString(client.ToArray()));
    }

    [Fact]
    public async Task CopyResponseBody_ClientSupportsTrailers_AppendsUpstreamTrailers()
    {
        using var upstream = Upstream(new MemoryStream("x"u8.ToArray()));
        upstream.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
        var context = Client(new MemoryStream());
        var trailers = new TrailersFeature();
        context.Features.Set<IHttpResponseTrailersFeature>(trailers);

        await CreateForwarder().CopyResponseBodyAsync(upstream, context);

        Assert.Equal("0", trailers.Trailers["grpc-status"]);
    }

    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("text/event-stream; charset=utf-8", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/x-ndjson", true)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsStreamingContentType_RecognisesMessageStreams(string? contentType, bool expected) =>
        Assert.Equal(expected, HttpForwarder.IsStreamingContentType(contentType));

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
