using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Forwarding;

/// <summary>
/// Every response size class arrives whole and promptly on a kept-alive client connection, with a second request on the
/// same connection after it: the tail of a body must never wait for the connection to close.
/// </summary>
public sealed class ResponseCompletenessTests : IAsyncLifetime
{
    // Kestrel speaks cleartext HTTP/2 only on an HTTP/2-only endpoint, so the gateway gets a second one for HTTP/2 clients.
    private const string Http2ClientAddress = "127.0.0.3";

    // Far below the 130 s a held-back tail waited for (Kestrel's keep-alive timeout), far above a slow machine's transfer.
    private static readonly TimeSpan SmallBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GiBBound = TimeSpan.FromSeconds(240);

    private TestUpstream _upstream = null!;
    private TestGateway _gateway = null!;

    public static TheoryData<long, string, int> Cases()
    {
        var data = new TheoryData<long, string, int>();
        foreach (var size in new long[] { 0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1_000_000, 5_000_000 })
        {
            foreach (var framing in new[] { "length", "chunked" })
            {
                data.Add(size, framing, 1);
                data.Add(size, framing, 2);
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync(app => app.Run(PatternAsync));
        _gateway = await TestGateway.StartAsync($"""
            portico:
              routes:
                - id: bytes
                  uri: http://127.0.0.1:{_upstream.Port}
                  predicates:
                    - Path=/gw/**
                  filters:
                    - StripPrefix=1
            """,
            configureBuilder: builder => builder.WebHost.ConfigureKestrel(k =>
                k.Listen(IPAddress.Parse(Http2ClientAddress), 0, o => o.Protocols = HttpProtocols.Http2)));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Body_KeptAliveConnection_ArrivesWholeThenServesTheNextRequest(long size, string framing, int httpVersion)
    {
        await AssertWholeTwiceOnOneConnectionAsync(size, framing, httpVersion, SmallBound);
    }

    [Theory]
    [InlineData("length", 1)]
    [InlineData("chunked", 1)]
    [InlineData("length", 2)]
    [InlineData("chunked", 2)]
    public async Task OneGiBBody_KeptAliveConnection_ArrivesWholeThenServesTheNextRequest(string framing, int httpVersion)
    {
        await AssertWholeTwiceOnOneConnectionAsync(1L << 30, framing, httpVersion, GiBBound);
    }

    private async Task AssertWholeTwiceOnOneConnectionAsync(long size, string framing, int httpVersion, TimeSpan bound)
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, token) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = httpVersion == 2 ? Http2Address() : _gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var version = httpVersion == 2 ? HttpVersion.Version20 : HttpVersion.Version11;

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var timeout = new CancellationTokenSource(bound);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/gw/{framing}/{size}")
            {
                Version = version,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
            // An empty chunked answer may reach the client as Content-Length: 0, since the server sees its whole body.
            Assert.Equal(framing == "length" || size == 0 ? size : null, response.Content.Headers.ContentLength ?? (size == 0 ? 0 : null));
            var received = await ReadAndVerifyPatternAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);
            Assert.Equal(size, received);
        }

        Assert.Equal(1, connections);
    }

    private Uri Http2Address() =>
        new(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => a.Contains(Http2ClientAddress, StringComparison.Ordinal)));

    /// <summary>Byte i of every body is i mod 251, so a lost, repeated or reordered block shows at its offset.</summary>
    private static byte PatternAt(long offset) => (byte)(offset % 251);

    /// <summary>Serves /{length|chunked}/{size}: the pattern in 16 KiB writes, with Content-Length or chunked.</summary>
    private static async Task PatternAsync(HttpContext context)
    {
        var parts = context.Request.Path.Value!.Trim('/').Split('/');
        var size = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        if (parts[0] == "length")
        {
            context.Response.ContentLength = size;
        }
        else
        {
            // Headers sent before any body byte: the answer is chunked even when it is empty.
            await context.Response.StartAsync(context.RequestAborted);
        }

        const int Block = 16 * 1024;
        var pattern = new byte[Block + 251];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = PatternAt(i);
        }

        for (long sent = 0; sent < size;)
        {
            var count = (int)Math.Min(Block, size - sent);
            await context.Response.Body.WriteAsync(pattern.AsMemory((int)(sent % 251), count), context.RequestAborted);
            sent += count;
        }
    }

    private static async Task<long> ReadAndVerifyPatternAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long offset = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != PatternAt(offset + i))
                {
                    Assert.Fail($"Byte {offset + i} is {buffer[i]}, expected {PatternAt(offset + i)}.");
                }
            }

            offset += read;
        }

        return offset;
    }
}
