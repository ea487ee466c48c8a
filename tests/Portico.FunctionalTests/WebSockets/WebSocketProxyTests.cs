using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.Discovery;
using Portico.WebSockets;

namespace Portico.FunctionalTests.WebSockets;

/// <summary>
/// WebSocket proxying end to end: a real <see cref="ClientWebSocket"/> talks through a real gateway to a real Kestrel
/// WebSocket server. Every wait is bounded by <see cref="Timeout"/> so a failure cannot hang the run.
/// </summary>
public sealed class WebSocketProxyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Echo_TextAndBinaryMessages_KeepTheirTypeAndContent()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);

        await client.SendAsync(Encoding.UTF8.GetBytes("hello, gateway"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var text = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);
        var binary = new byte[] { 0, 1, 2, 255, 254 };
        await client.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, cts.Token);
        var echoed = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);

        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("hello, gateway", Encoding.UTF8.GetString(text.Data));
        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(binary, echoed.Data);
        await CloseAsync(client, cts.Token);
        AssertNoWarnings(gateway);
    }

    [Fact]
    public async Task Echo_LargeFragmentedMessage_ArrivesWholeAsOneMessage()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);
        var payload = new byte[300 * 1024];
        new Random(42).NextBytes(payload);

        const int Fragment = 10 * 1024;
        for (var offset = 0; offset < payload.Length; offset += Fragment)
        {
            var last = offset + Fragment >= payload.Length;
            await client.SendAsync(payload.AsMemory(offset, Math.Min(Fragment, payload.Length - offset)), WebSocketMessageType.Binary, last, cts.Token);
        }

        var echoed = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);

        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(payload, echoed.Data);
        var seen = Assert.Single(upstream.Observations.Messages);
        Assert.Equal(payload.Length, seen.Length);
        Assert.True(seen.Fragments > 1, "the upstream should receive the message in fragments, not re-assembled by the gateway");
        await CloseAsync(client, cts.Token);
    }

    [Fact]
    public async Task Handshake_OfferedSubprotocols_UpstreamChoiceReachesClient()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);

        using var client = await ConnectAsync(gateway, "/echo", cts.Token, o =>
        {
            o.AddSubProtocol("v2.chat");
            o.AddSubProtocol("v1.chat");
        });
        using var plain = await ConnectAsync(gateway, "/echo", cts.Token);

        Assert.Equal("v1.chat", client.SubProtocol);
        Assert.Null(plain.SubProtocol);
        await CloseAsync(client, cts.Token);
        await CloseAsync(plain, cts.Token);
    }

    [Fact]
    public async Task Handshake_ClientHeaders_ReachUpstreamWithForwardedHeaders()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);

        using var client = await ConnectAsync(gateway, "/headers?x=1", cts.Token, o =>
        {
            o.SetRequestHeader("Cookie", "session=abc");
            o.SetRequestHeader("Authorization", "Bearer token-1");
            o.SetRequestHeader("Origin", "https://app.example");
            o.SetRequestHeader("X-Custom", "custom-value");
            o.AddSubProtocol("graphql-ws");
        });
        var json = await WebSocketTestUpstream.ReceiveTextAsync(client, cts.Token);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);

        Assert.Equal("session=abc", headers["Cookie"]);
        Assert.Equal("Bearer token-1", headers["Authorization"]);
        Assert.Equal("https://app.example", headers["Origin"]);
        Assert.Equal("custom-value", headers["X-Custom"]);
        Assert.Equal("graphql-ws", headers["Sec-WebSocket-Protocol"]);
        Assert.Equal("graphql-ws", client.SubProtocol);
        Assert.Equal($"127.0.0.1:{upstream.Port}", headers["Host"]);
        Assert.Equal("127.0.0.1", headers["X-Forwarded-For"]);
        Assert.Equal("http", headers["X-Forwarded-Proto"]);
        Assert.Equal(gateway.BaseAddress.Authority, headers["X-Forwarded-Host"]);
        Assert.False(headers.ContainsKey("Sec-WebSocket-Extensions"));
        await CloseAsync(client, cts.Token);
    }

    [Fact]
    public async Task Close_ClientClosesWithCodeAndReason_UpstreamSeesSameCodeAndReason()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);

        await client.CloseAsync((WebSocketCloseStatus)4001, "bye", cts.Token);
        var seen = await upstream.Observations.CloseReceived.Task.WaitAsync(cts.Token);

        Assert.Equal((WebSocketCloseStatus)4001, seen.Status);
        Assert.Equal("bye", seen.Reason);

        // The upstream's answer completes the client's close handshake.
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal((WebSocketCloseStatus)4001, client.CloseStatus);
    }

    [Fact]
    public async Task Close_UpstreamClosesWithCodeAndReason_ClientSeesSameCodeAndReason()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/close", cts.Token);

        var received = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ack", cts.Token);
        var seen = await upstream.Observations.CloseReceived.Task.WaitAsync(cts.Token);

        Assert.Equal(WebSocketMessageType.Close, received.Type);
        Assert.Equal((WebSocketCloseStatus)4002, received.Last.CloseStatus);
        Assert.Equal("done", received.Last.CloseStatusDescription);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, seen.Status);
        Assert.Equal("ack", seen.Reason);
        AssertNoWarnings(gateway);
    }

    [Fact]
    public async Task UpstreamAbort_ClientIsClosedWith1011()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/abort", cts.Token);

        await client.SendAsync(Encoding.UTF8.GetBytes("abort now"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var received = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);

        Assert.Equal(WebSocketMessageType.Close, received.Type);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, received.Last.CloseStatus);
        Assert.Equal(WebSocketRelay.UpstreamLostReason, received.Last.CloseStatusDescription);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
    }

    [Fact]
    public async Task ClientAbort_UpstreamIsClosedWith1001()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        var client = await ConnectAsync(gateway, "/echo", cts.Token);
        await upstream.Observations.Accepted.Task.WaitAsync(cts.Token);

        client.Abort();
        client.Dispose();
        var seen = await upstream.Observations.CloseReceived.Task.WaitAsync(cts.Token);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, seen.Status);
        Assert.Equal(WebSocketRelay.ClientLostReason, seen.Reason);
    }

    [Fact]
    public async Task MessageTooBig_ClosesBothSidesWith1009()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}", "  web-socket:\n    max-message-size: 1024\n");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);

        await client.SendAsync(new byte[1024], WebSocketMessageType.Binary, endOfMessage: true, cts.Token);
        var fits = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);
        await client.SendAsync(new byte[1025], WebSocketMessageType.Binary, endOfMessage: true, cts.Token);
        var received = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);
        var seen = await upstream.Observations.CloseReceived.Task.WaitAsync(cts.Token);

        Assert.Equal(1024, fits.Data.Length);
        Assert.Equal(WebSocketMessageType.Close, received.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, received.Last.CloseStatus);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, seen.Status);
        Assert.Single(upstream.Observations.Messages);
        await client.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, cts.Token);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(1025L)]
    [InlineData(uint.MaxValue + 1L)]
    public async Task FrameHeaderDeclaringMoreThanTheLimit_RefusedAtOnceWith1009(long declared)
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}", "  web-socket:\n    max-message-size: 1024\n");
        using var cts = new CancellationTokenSource(Timeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.BaseAddress.Port, cts.Token);
        var stream = tcp.GetStream();
        await UpgradeRawAsync(stream, gateway, cts.Token);

        // A masked binary frame whose header declares the payload and which then sends none of it.
        byte[] header = [0x82, 0x80 | 127, .. BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(declared)), 1, 2, 3, 4];
        await stream.WriteAsync(header, cts.Token);
        var close = await ReadFrameAsync(stream, cts.Token);

        Assert.Equal(0x88, close[0]);
        Assert.Equal(1009, (close[2] << 8) | close[3]);
        await upstream.Observations.CloseReceived.Task.WaitAsync(cts.Token);
        Assert.Empty(upstream.Observations.Messages);
    }

    [Fact]
    public async Task Handshake_UpstreamAnswers404_ClientGets404NotUpgrade()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = NewClient();

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(ToWebSocketUri(gateway, "/missing"), cts.Token));
        using var forbidden = NewClient();
        await Assert.ThrowsAsync<WebSocketException>(() => forbidden.ConnectAsync(ToWebSocketUri(gateway, "/forbidden"), cts.Token));

        Assert.Equal(HttpStatusCode.NotFound, client.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.HttpStatusCode);
    }

    [Fact]
    public async Task Handshake_UpstreamDown_ClientGets502()
    {
        var port = FreePort();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = NewClient();

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(ToWebSocketUri(gateway, "/echo"), cts.Token));

        Assert.Equal(HttpStatusCode.BadGateway, client.HttpStatusCode);
    }

    [Fact]
    public async Task PlainRequest_ToWebSocketRoute_Gets400Problem()
    {
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{FreePort()}");

        using var response = await gateway.Client.GetAsync(new Uri("/echo", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("This route only accepts WebSocket upgrades.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_OpenSocket_BothSidesClosedWith1001()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);
        await upstream.Observations.Accepted.Task.WaitAsync(cts.Token);

        var stopping = gateway.DisposeAsync().AsTask();
        var received = await WebSocketTestUpstream.ReceiveMessageAsync(client, cts.Token);
        await client.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, cts.Token);
        await stopping.WaitAsync(cts.Token);
        var seen = await upstream.Observations.CloseReceived.Task.WaitAsync(cts.Token);

        Assert.Equal(WebSocketMessageType.Close, received.Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, received.Last.CloseStatus);
        Assert.Equal("Gateway shutting down", received.Last.CloseStatusDescription);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, seen.Status);
        Assert.Equal("Gateway shutting down", seen.Reason);
        AssertNoWarnings(gateway);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == Logging.EventIdRanges.WebSockets + 6);
    }

    [Fact]
    public async Task HttpRoute_UpgradeRequest_IsProxiedAsWebSocket()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"http://127.0.0.1:{upstream.Port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);

        await client.SendAsync(Encoding.UTF8.GetBytes("over http"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var echoed = await WebSocketTestUpstream.ReceiveTextAsync(client, cts.Token);

        Assert.Equal("over http", echoed);
        await CloseAsync(client, cts.Token);
    }

    [Fact]
    public async Task LoadBalancedRoute_LbWs_ProxiesToChosenInstance()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(
            "lb:ws://chat-service",
            configureServices: s => s.AddSingleton<IServiceRegistry>(new FixedRegistry(upstream.Port)));
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token);

        await client.SendAsync(Encoding.UTF8.GetBytes("balanced"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var echoed = await WebSocketTestUpstream.ReceiveTextAsync(client, cts.Token);

        Assert.Equal("balanced", echoed);
        await CloseAsync(client, cts.Token);
    }

    [Fact]
    public async Task Http2ExtendedConnect_ClientOverHttp2_IsProxied()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(
            $"ws://127.0.0.1:{upstream.Port}",
            configureBuilder: b => b.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2)));
        var h2Address = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a))
            .Single(a => a.Port != gateway.BaseAddress.Port);
        using var cts = new CancellationTokenSource(Timeout);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var client = NewClient();
        client.Options.HttpVersion = HttpVersion.Version20;
        client.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{h2Address.Port}/echo"), invoker, cts.Token);
        await client.SendAsync(Encoding.UTF8.GetBytes("over h2"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var echoed = await WebSocketTestUpstream.ReceiveTextAsync(client, cts.Token);

        Assert.Equal(HttpStatusCode.OK, client.HttpStatusCode);
        Assert.Equal("over h2", echoed);
        await CloseAsync(client, cts.Token);
    }

    [Fact]
    public async Task Handshake_UpstreamNeverAnswers_ClientGets504AfterConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{port}\n      metadata:\n        connect-timeout: 300");
        using var cts = new CancellationTokenSource(Timeout);
        using var client = NewClient();

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(ToWebSocketUri(gateway, "/echo"), cts.Token));

        Assert.Equal(HttpStatusCode.GatewayTimeout, client.HttpStatusCode);
    }

    [Fact]
    public async Task Handshake_UpstreamDown_ProblemNamesCauseWithoutExceptionText()
    {
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{FreePort()}");

        var response = await RawHandshakeAsync(gateway, "13");

        Assert.StartsWith("HTTP/1.1 502", response, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("Could not open a WebSocket connection to the upstream.", response, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", response, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1:", response.Split("\r\n\r\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_UnsupportedVersion_Gets426NamingVersion13()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync($"ws://127.0.0.1:{upstream.Port}");

        var response = await RawHandshakeAsync(gateway, "8");

        Assert.StartsWith("HTTP/1.1 426", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Version: 13", response, StringComparison.OrdinalIgnoreCase);
        Assert.False(upstream.Observations.Accepted.Task.IsCompleted);
    }

    [Fact]
    public async Task Echo_HostAppAlsoUsesWebSocketMiddleware_StillProxied()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(
            $"""
            Portico:
              routes:
                - id: websocket
                  uri: ws://127.0.0.1:{upstream.Port}
            """,
            configureApp: app => app.UseWebSockets());
        using var cts = new CancellationTokenSource(Timeout);
        using var client = await ConnectAsync(gateway, "/echo", cts.Token, o => o.AddSubProtocol("v1.chat"));

        await client.SendAsync(Encoding.UTF8.GetBytes("with middleware"), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        var echoed = await WebSocketTestUpstream.ReceiveTextAsync(client, cts.Token);

        Assert.Equal("with middleware", echoed);
        Assert.Equal("v1.chat", client.SubProtocol);
        await CloseAsync(client, cts.Token);
    }

    private static Task<TestGateway> StartGatewayAsync(
        string uri,
        string extra = "",
        Action<IServiceCollection>? configureServices = null,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configureBuilder = null) =>
        TestGateway.StartAsync(
            $"""
            Portico:
              routes:
                - id: websocket
                  uri: {uri}
            {extra}
            """,
            configureServices,
            configureBuilder: configureBuilder);

    private static ClientWebSocket NewClient()
    {
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        return client;
    }

    private static async Task<ClientWebSocket> ConnectAsync(TestGateway gateway, string pathAndQuery, CancellationToken cancellationToken, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = NewClient();
        configure?.Invoke(client.Options);
        await client.ConnectAsync(ToWebSocketUri(gateway, pathAndQuery), cancellationToken);
        return client;
    }

    private static Uri ToWebSocketUri(TestGateway gateway, string pathAndQuery) =>
        new($"ws://{gateway.BaseAddress.Authority}{pathAndQuery}");

    private static async Task CloseAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        Assert.Equal(WebSocketState.Closed, client.State);
    }

    /// <summary>Sends a handshake by hand (to control every header) and returns the response head and body.</summary>
    private static async Task<string> RawHandshakeAsync(TestGateway gateway, string version)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.BaseAddress.Port, cts.Token);
        var stream = tcp.GetStream();
        var request =
            $"GET /echo HTTP/1.1\r\nHost: {gateway.BaseAddress.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            $"Sec-WebSocket-Version: {version}\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var head = new StringBuilder();
        string? line;
        var contentLength = 0;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(cts.Token)))
        {
            head.Append(line).Append("\r\n");
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var body = new char[contentLength];
        var read = 0;
        while (read < contentLength)
        {
            var n = await reader.ReadAsync(body.AsMemory(read), cts.Token);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return head + "\r\n" + new string(body, 0, read);
    }

    /// <summary>Upgrades a raw connection to /echo and reads the 101 head, leaving the stream at the first frame.</summary>
    internal static async Task UpgradeRawAsync(Stream stream, TestGateway gateway, CancellationToken cancellationToken, string path = "/echo", string extraHeaders = "")
    {
        var request =
            $"GET {path} HTTP/1.1\r\nHost: {gateway.BaseAddress.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16 * 1024 && !(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            Assert.Equal(1, await stream.ReadAsync(one, cancellationToken));
            head.Add(one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString([.. head]), StringComparison.Ordinal);
    }

    /// <summary>Reads one unmasked server frame (payload under 126 bytes): its two header bytes and its payload.</summary>
    internal static async Task<byte[]> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var payload = new byte[header[1] & 0x7F];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return [.. header, .. payload];
    }

    private static void AssertNoWarnings(TestGateway gateway) =>
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class FixedRegistry(int port) : IServiceRegistry
    {
        public RegistrySnapshot Current { get; } = new(
            [new ServiceInstance { AppName = "chat-service", InstanceId = "chat-service-1", Host = "127.0.0.1", Port = port }],
            1);

        public event Action<RegistrySnapshot>? Changed
        {
            add { }
            remove { }
        }
    }
}
