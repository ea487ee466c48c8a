using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Forwarding;

public sealed class ForwardingProtocolTests
{
    // Kestrel speaks cleartext HTTP/2 only on an HTTP/2-only endpoint, so the gateway gets a second one for HTTP/2 clients.
    private const string Http2ClientAddress = "127.0.0.2";

    private static Task<TestGateway> StartGatewayAsync(TestUpstream upstream, string metadata = "") =>
        TestGateway.StartAsync($"""
            portico:
              routes:
                - id: upstream
                  uri: http://127.0.0.1:{upstream.Port}
            {metadata}
            """,
            configureBuilder: builder => builder.WebHost.ConfigureKestrel(k =>
                k.Listen(IPAddress.Parse(Http2ClientAddress), 0, o => o.Protocols = HttpProtocols.Http2)));

    private static Uri Http2Address(TestGateway gateway) =>
        new(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => a.Contains(Http2ClientAddress, StringComparison.Ordinal)));

    [Fact]
    public async Task HttpVersion2_CleartextUpstream_IsSpokenAsH2c()
    {
        await using var upstream = await TestUpstream.StartAsync(protocols: HttpProtocols.Http2);
        await using var gateway = await StartGatewayAsync(upstream, """
                  metadata:
                    http-version: 2
            """);

        using var response = await gateway.Client.PostAsync("/h2", new StringContent("body over h2"));
        var echo = await EchoResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/2", echo.Protocol);
        Assert.Equal("body over h2", echo.Body);
    }

    [Fact]
    public async Task Trailers_Http2EndToEnd_ReachTheClientWithTeTrailersForwarded()
    {
        string? upstreamTe = null;
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            upstreamTe = context.Request.Headers.TE;
            context.Response.ContentType = "application/grpc";
            context.Response.DeclareTrailer("grpc-status");
            await context.Response.WriteAsync("payload");
            context.Response.AppendTrailer("grpc-status", "0");
            context.Response.AppendTrailer("grpc-message", "fine");
        }), protocols: HttpProtocols.Http2);
        await using var gateway = await StartGatewayAsync(upstream, """
                  metadata:
                    http-version: 2
            """);
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = Http2Address(gateway) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/svc/Method")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent("request"),
        };
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("payload", body);
        Assert.Equal(new Version(2, 0), response.Version);
        Assert.Equal("trailers", upstreamTe);
        Assert.Equal(["0"], response.TrailingHeaders.GetValues("grpc-status"));
        Assert.Equal(["fine"], response.TrailingHeaders.GetValues("grpc-message"));
    }

    [Fact]
    public async Task ExpectContinue_UpstreamReadsBody_ClientGets100ThenTheResponse()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var text = $"{context.Request.Headers.Expect}: {body}";
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(text);
            await context.Response.WriteAsync(text);
        }));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = await RawHttp.ConnectAsync(gateway.BaseAddress);
        var stream = client.GetStream();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /continue HTTP/1.1\r\nHost: gw\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"), deadline.Token);
        var interim = await RawHttp.ReadHeadAsync(stream, deadline.Token);
        await stream.WriteAsync("hello"u8.ToArray(), deadline.Token);
        var final = await RawHttp.ReadHeadAsync(stream, deadline.Token);
        var length = int.Parse(RawHttp.Header(final!, "Content-Length")!, System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetString(await RawHttp.ReadExactlyAsync(stream, length, deadline.Token));

        Assert.StartsWith("HTTP/1.1 100 Continue", interim, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", final, StringComparison.Ordinal);
        Assert.Equal("100-continue: hello", body);
    }

    [Fact]
    public async Task ExpectContinue_UpstreamRejectsWithoutReading_ClientGetsFinalStatusWithout100()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = await RawHttp.ConnectAsync(gateway.BaseAddress);
        var stream = client.GetStream();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "PUT /big HTTP/1.1\r\nHost: gw\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n"), deadline.Token);
        var head = await RawHttp.ReadHeadAsync(stream, deadline.Token);

        Assert.StartsWith("HTTP/1.1 413", head, StringComparison.Ordinal);
    }
}
