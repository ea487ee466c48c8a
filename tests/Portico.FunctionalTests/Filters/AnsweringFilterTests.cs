using System.Net;
using System.Net.Http.Headers;

namespace Portico.FunctionalTests.Filters;

/// <summary>Route filters that answer the client themselves instead of routing.</summary>
public class AnsweringFilterTests
{
    [Fact]
    public async Task RedirectTo_IncludeRequestParams_RedirectsWithQuery()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: redirect
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RedirectTo=302, https://acme.org/login, true
            """);

        using var response = await gateway.Client.GetAsync("/old?a=1&b=2");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("https://acme.org/login?a=1&b=2", response.Headers.GetValues("Location").Single());
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RedirectTo_ExpandedWithStatusName_Redirects()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: redirect
              uri: {FilterGateway.UpstreamUri}
              filters:
                - name: RedirectTo
                  args:
                    status: PERMANENT_REDIRECT
                    url: https://acme.org/home
            """);

        using var response = await gateway.Client.GetAsync("/old?a=1");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://acme.org/home", response.Headers.GetValues("Location").Single());
    }

    [Fact]
    public async Task RequestSize_ContentLengthOverLimit_Answers413WithoutRouting()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: size
              uri: {FilterGateway.UpstreamUri}
              filters:
                - name: RequestSize
                  args:
                    maxSize: 1000
            """);

        using var response = await gateway.Client.PostAsync("/upload", new ByteArrayContent(new byte[1500]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            "Request size is larger than permissible limit. Request size is 1.5 kB where permissible limit is 1.0 kB",
            response.Headers.GetValues("errorMessage").Single());
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestSize_ContentLengthWithinLimit_Routes()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: size
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RequestSize=5MB
            """);

        using var response = await gateway.Client.PostAsync("/upload", new ByteArrayContent(new byte[100_000]));
        var forwarded = await ForwardedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100_000, forwarded.BodyLength);
    }

    [Fact]
    public async Task RequestSize_ChunkedBodyOverLimit_Refused413WhileStreaming()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: size
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RequestSize=1KB
            """);
        // Sent in one write: a client still writing when the gateway closes after its answer can meet a reset that
        // discards the answer it has not read yet (TCP's rule, not the gateway's choice of status).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new ChunkedContent(new byte[8 * 1024], pieceSize: 8 * 1024) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RequestSize_ChunkedBodyWithinLimit_Routes()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: size
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RequestSize=16KB
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new ChunkedContent(new byte[10_000]) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Client.SendAsync(request);
        var forwarded = await ForwardedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10_000, forwarded.BodyLength);
    }

    [Fact]
    public async Task RequestHeaderSize_HeaderOverLimit_Answers431()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: header-size
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RequestHeaderSize=100B
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
        request.Headers.Add("X-Big", new string('a', 200));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(
            "Request Header/s size is larger than permissible limit (100B). Request Header/s size for 'X-Big' is 205B.",
            response.Headers.GetValues("errorMessage").Single());
    }

    [Fact]
    public async Task RequestHeaderSize_HeadersWithinLimit_Routes()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: header-size
              uri: {FilterGateway.UpstreamUri}
              filters:
                - name: RequestHeaderSize
                  args:
                    maxSize: 1KB
                    errorHeaderName: X-Too-Big
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
        request.Headers.Add("X-Fine", new string('a', 500));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Too-Big"));
    }

    /// <summary>A body of unknown length, so the client sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] body, int pieceSize = 1024) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += pieceSize)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(pieceSize, body.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
