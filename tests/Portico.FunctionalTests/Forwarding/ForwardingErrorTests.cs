using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Forwarding;

public sealed class ForwardingErrorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A gateway with route <c>broken</c> for /broken/** and route <c>echo</c> for everything else.</summary>
    private static Task<TestGateway> StartGatewayAsync(Uri broken, TestUpstream echo, string brokenExtra = "") =>
        TestGateway.StartAsync($"""
            portico:
              routes:
                - id: broken
                  uri: http://127.0.0.1:{broken.Port}
                  predicates:
                    - TestPathPrefix=/broken
            {brokenExtra}
                - id: echo
                  uri: http://127.0.0.1:{echo.Port}
            """, ForwardingTestComponents.Register);

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task AssertStillServesAsync(TestGateway gateway)
    {
        using var response = await gateway.Client.GetAsync("/healthy");
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/healthy", echo.Path);
    }

    [Fact]
    public async Task ConnectionRefused_Returns502ProblemNamingUpstreamAndRoute()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(new Uri($"http://127.0.0.1:{closedPort}"), echo);

        using var response = await gateway.Client.GetAsync("/broken/x");
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal($"Upstream 127.0.0.1:{closedPort} refused the connection.", problem.GetProperty("detail").GetString());
        Assert.Equal("broken", problem.GetProperty("routeId").GetString());
        Assert.Equal(502, problem.GetProperty("status").GetInt32());
        await AssertStillServesAsync(gateway);
    }

    [Fact]
    public async Task ConnectTimeout_Returns504()
    {
        // A listener that never accepts, with its backlog filled: further connection attempts get no answer at all.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                try
                {
                    await filler.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await using var echo = await TestUpstream.StartAsync();
            await using var gateway = await StartGatewayAsync(new Uri($"http://127.0.0.1:{port}"), echo, """
                      metadata:
                        connect-timeout: 400
                """);

            using var bound = new CancellationTokenSource(Bound);
            using var response = await gateway.Client.GetAsync("/broken/unanswered", bound.Token);
            var problem = await ReadProblemAsync(response);

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal($"Upstream 127.0.0.1:{port} did not accept a connection within 400 ms.", problem.GetProperty("detail").GetString());
            await AssertStillServesAsync(gateway);
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }

    [Fact]
    public async Task ResponseTimeout_Returns504AndCancelsTheUpstreamRequest()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamAborted.TrySetResult();
            }
        }));
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(slow.BaseAddress, echo, """
                  metadata:
                    response-timeout: 300
            """);

        using var response = await gateway.Client.GetAsync("/broken/slow");
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal($"Upstream 127.0.0.1:{slow.Port} did not respond within 300 ms.", problem.GetProperty("detail").GetString());
        await started.Task.WaitAsync(Bound);
        await upstreamAborted.Task.WaitAsync(Bound);
        await AssertStillServesAsync(gateway);
    }

    [Fact]
    public async Task ClientAbort_CancelsTheUpstreamRequest_AndIsNotReportedAsGatewayError()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamAborted.TrySetResult();
            }
        }));
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(slow.BaseAddress, echo);
        using var clientCancel = new CancellationTokenSource();

        var call = gateway.Client.GetAsync("/broken/wait", clientCancel.Token);
        await started.Task.WaitAsync(Bound);
        await clientCancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await upstreamAborted.Task.WaitAsync(Bound);
        await AssertStillServesAsync(gateway);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task ClientAbortMidDownload_StopsTheUpstreamResponse()
    {
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var endless = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            // The token is read once: Kestrel hands out a fresh, uncancelled one once it stops tracking the request, so a
            // second read of RequestAborted after the abort can say the request was never aborted.
            var aborted = context.RequestAborted;
            var chunk = new byte[16 * 1024];
            try
            {
                // Bounded, but far more than any buffer between here and the client holds.
                for (var i = 0; i < 1_000_000 && !aborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, aborted);
                }

                // Once Kestrel has seen the connection fail, writes complete without sending and the loop runs out at
                // once; the abort signal follows, sometimes late.
                await Task.Delay(Bound, aborted).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // A write that fails on the connection the gateway reset is the stop itself.
                upstreamAborted.TrySetResult();
            }
            finally
            {
                if (aborted.IsCancellationRequested)
                {
                    upstreamAborted.TrySetResult();
                }
            }
        }));
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(endless.BaseAddress, echo);

        using (var response = await gateway.Client.GetAsync("/broken/endless", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            await stream.ReadExactlyAsync(new byte[1024]);
        }

        await upstreamAborted.Task.WaitAsync(Bound);
        await AssertStillServesAsync(gateway);
    }

    [Fact]
    public async Task MalformedResponse_Returns502()
    {
        await using var garbage = RawUpstream.Start(async (stream, _, ct) =>
        {
            await RawHttp.ReadHeadAsync(stream, ct);
            await stream.WriteAsync("this is not HTTP at all\r\n\r\n"u8.ToArray(), ct);
        });
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(garbage.BaseAddress, echo);

        using var response = await gateway.Client.GetAsync("/broken/garbage");
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal($"Upstream 127.0.0.1:{garbage.BaseAddress.Port} sent an invalid response.", problem.GetProperty("detail").GetString());
        await AssertStillServesAsync(gateway);
    }

    [Fact]
    public async Task UpstreamFailsMidBody_AbortsTheClientConnection()
    {
        var clientHasHeaders = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var truncating = RawUpstream.Start(async (stream, _, ct) =>
        {
            await RawHttp.ReadHeadAsync(stream, ct);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part"u8.ToArray(), ct);
            await clientHasHeaders.Task.WaitAsync(ct);
        });
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(truncating.BaseAddress, echo);

        using var response = await gateway.Client.GetAsync("/broken/partial", HttpCompletionOption.ResponseHeadersRead);
        clientHasHeaders.TrySetResult();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => response.Content.ReadAsByteArrayAsync());
        await AssertStillServesAsync(gateway);
    }

    [Fact]
    public async Task UpstreamFailsBeforeAnyBodyByte_Returns502Problem()
    {
        await using var truncating = RawUpstream.Start(async (stream, _, ct) =>
        {
            await RawHttp.ReadHeadAsync(stream, ct);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nX-Upstream: yes\r\n\r\n"u8.ToArray(), ct);
        });
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(truncating.BaseAddress, echo);

        using var response = await gateway.Client.GetAsync("/broken/empty");
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Upstream"));
        Assert.Equal($"Upstream 127.0.0.1:{truncating.BaseAddress.Port} failed while sending the response body.", problem.GetProperty("detail").GetString());
        await AssertStillServesAsync(gateway);
    }

    [Fact]
    public async Task RequestBodyOverLimit_Declared_Is413BeforeTheUpstreamIsAsked()
    {
        var upstreamCalls = 0;
        await using var counting = await TestUpstream.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref upstreamCalls);
            return Task.CompletedTask;
        }));
        await using var gateway = await TestGateway.StartAsync($"""
            portico:
              httpclient:
                max-request-body-size: 1000
              routes:
                - id: limited
                  uri: http://127.0.0.1:{counting.Port}
            """);

        using var response = await gateway.Client.PostAsync("/upload", new ByteArrayContent(new byte[1001]));
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The request body of 1001 bytes exceeds the gateway's limit of 1000 bytes.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, upstreamCalls);
    }

    [Fact]
    public async Task RequestBodyOverLimit_Chunked_Is413()
    {
        await using var counting = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }));
        await using var gateway = await TestGateway.StartAsync($"""
            portico:
              httpclient:
                max-request-body-size: 1000
              routes:
                - id: limited
                  uri: http://127.0.0.1:{counting.Port}
            """);
        using var response = await gateway.Client.PostAsync("/upload", new ChunkedContent(new byte[5000]));
        var problem = await ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The request body is larger than the gateway accepts.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StaleConnection_Get_IsRetriedOnAFreshConnection()
    {
        await using var stale = RawUpstream.Start(AnswerFirstRequestThenCloseAsync);
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(stale.BaseAddress, echo);

        using var first = await gateway.Client.GetAsync("/broken/1");
        var firstBody = await first.Content.ReadAsStringAsync();
        using var second = await gateway.Client.GetAsync("/broken/2");
        var secondBody = await second.Content.ReadAsStringAsync();

        Assert.Equal("connection 1 body 0", firstBody);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("connection 2 body 0", secondBody);
        Assert.Equal(2, stale.Accepted);
    }

    [Fact]
    public async Task StaleConnection_PostWithBody_IsReplayedOnAFreshConnection()
    {
        await using var stale = RawUpstream.Start(AnswerFirstRequestThenCloseAsync);
        await using var echo = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(stale.BaseAddress, echo);

        using var first = await gateway.Client.GetAsync("/broken/1");
        var firstBody = await first.Content.ReadAsStringAsync();
        using var second = await gateway.Client.PostAsync("/broken/2", new StringContent("payload"));
        var secondBody = await second.Content.ReadAsStringAsync();

        Assert.Equal("connection 1 body 0", firstBody);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("connection 2 body 7 payload", secondBody);
        Assert.Equal(2, stale.Accepted);

        // The body had been read and sent once: only the forwarder's own replay can have sent it again.
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == Logging.EventIdRanges.Forwarding + 2);
    }

    /// <summary>A body of unknown length, so the client sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] data) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(data).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>
    /// Answers the first request of a connection (keeping it alive) and, when a second request arrives on it, reads the
    /// request and closes the connection without a word: what a server does that closed an idle connection just as
    /// the gateway reused it.
    /// </summary>
    private static async Task AnswerFirstRequestThenCloseAsync(NetworkStream stream, int connection, CancellationToken cancellationToken)
    {
        for (var request = 1; ; request++)
        {
            var head = await RawHttp.ReadHeadAsync(stream, cancellationToken);
            if (head is null)
            {
                return;
            }

            var length = int.Parse(RawHttp.Header(head, "Content-Length") ?? "0", CultureInfo.InvariantCulture);
            var body = length > 0 ? Encoding.ASCII.GetString(await RawHttp.ReadExactlyAsync(stream, length, cancellationToken)) : "";
            if (request > 1)
            {
                return;
            }

            var text = $"connection {connection} body {length}" + (length > 0 ? " " + body : "");
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {text.Length}\r\n\r\n{text}"), cancellationToken);
        }
    }
}
