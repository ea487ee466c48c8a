using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class RequestBodyContentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static DefaultHttpContext WithBody(Stream body, long? length)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = length;
        return context;
    }

    [Fact]
    public void CreateFor_NoLengthAndNotChunked_IsNull() =>
        Assert.Null(RequestBodyContent.CreateFor(WithBody(Stream.Null, null)));

    [Fact]
    public void CreateFor_ZeroLength_IsNull() =>
        Assert.Null(RequestBodyContent.CreateFor(WithBody(Stream.Null, 0)));

    [Fact]
    public async Task CreateFor_Length_IsContentSendingTheDeclaredBytes()
    {
        using var content = RequestBodyContent.CreateFor(WithBody(new MemoryStream("hello"u8.ToArray()), 5))!;
        using var target = new MemoryStream();

        await content.CopyToAsync(target);

        Assert.Equal(5, target.Length);
        Assert.Equal("hello", Encoding.ASCII.GetString(target.ToArray()));
    }

    [Fact]
    public async Task CreateFor_Chunked_IsContentOfNoDeclaredLength()
    {
        var context = WithBody(new MemoryStream("streamed"u8.ToArray()), null);
        context.Request.Headers.TransferEncoding = "chunked";
        using var content = RequestBodyContent.CreateFor(context)!;
        using var target = new MemoryStream();

        // No length of its own, so the upstream request is chunked as the client's was.
        var declared = content.Headers.ContentLength;
        await content.CopyToAsync(target);

        Assert.Null(declared);
        Assert.Equal("streamed", Encoding.ASCII.GetString(target.ToArray()));
    }

    [Fact]
    public void CreateFor_ServerSaysNoBody_IsNullWhateverTheHeaders()
    {
        var context = WithBody(Stream.Null, 5);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(false));

        Assert.Null(RequestBodyContent.CreateFor(context));
    }

    [Fact]
    public async Task CopyTo_SmallBody_SendsItAndKeepsItForOneReplay()
    {
        var body = Encoding.ASCII.GetBytes("small body");
        using var content = RequestBodyContent.CreateFor(WithBody(new MemoryStream(body), body.Length))!;
        using var first = new MemoryStream();

        await content.CopyToAsync(first);
        var canRetry = content.CanRetry;
        using var replay = content.TryCreateRetry()!;
        using var second = new MemoryStream();
        await replay.CopyToAsync(second);

        Assert.Equal(body, first.ToArray());
        Assert.True(canRetry);
        Assert.Equal(body, second.ToArray());
        Assert.False(content.CanRetry);
        Assert.False(replay.CanRetry);
    }

    [Fact]
    public async Task CopyTo_BodyLargerThanBuffer_IsSentWholeButCannotBeReplayed()
    {
        var body = new byte[RequestBodyContent.BufferSize * 3 + 17];
        new Random(42).NextBytes(body);
        using var content = RequestBodyContent.CreateFor(WithBody(new MemoryStream(body), body.Length))!;
        using var target = new MemoryStream();

        await content.CopyToAsync(target);

        Assert.Equal(body, target.ToArray());
        Assert.False(content.CanRetry);
        Assert.Null(content.TryCreateRetry());
    }

    [Fact]
    public async Task TryCreateRetry_NotStarted_ReadsTheClientBodyAfresh()
    {
        var body = Encoding.ASCII.GetBytes("unread");
        using var content = RequestBodyContent.CreateFor(WithBody(new MemoryStream(body), body.Length))!;

        using var retry = content.TryCreateRetry()!;
        using var target = new MemoryStream();
        await retry.CopyToAsync(target);

        Assert.Equal(body, target.ToArray());
    }

    [Fact]
    public async Task CopyTo_Twice_Throws()
    {
        using var content = RequestBodyContent.CreateFor(WithBody(new MemoryStream([1, 2, 3]), 3))!;
        await content.CopyToAsync(Stream.Null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => content.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task CopyTo_ClientBodyFails_RecordsTheClientFailure()
    {
        var client = new ScriptedReadStream(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge));
        client.Release([1, 2, 3]);
        client.End();
        using var content = RequestBodyContent.CreateFor(WithBody(client, 10))!;

        await Assert.ThrowsAnyAsync<Exception>(() => content.CopyToAsync(Stream.Null));

        Assert.IsType<BadHttpRequestException>(content.ClientFailure);
        Assert.False(content.CanRetry);
    }

    [Fact]
    public async Task CopyTo_ClientPauses_FlushesWhatItHasBeforeWaiting()
    {
        var client = new ScriptedReadStream();
        var upstream = new RecordingWriteStream();
        var context = WithBody(client, null);
        context.Request.Headers.TransferEncoding = "chunked";
        using var content = RequestBodyContent.CreateFor(context)!;

        client.Release("first"u8.ToArray());
        var flushed = upstream.NextFlush;
        var copy = content.CopyToAsync(upstream);
        await flushed.WaitAsync(Bound);
        var beforeSecond = Encoding.ASCII.GetString(upstream.Written);
        client.Release("second"u8.ToArray());
        client.End();
        await copy.WaitAsync(Bound);

        Assert.Equal("first", beforeSecond);
        Assert.Equal("firstsecond", Encoding.ASCII.GetString(upstream.Written));
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }
}
