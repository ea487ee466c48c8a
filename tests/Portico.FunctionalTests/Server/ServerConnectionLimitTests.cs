using System.Net;
using System.Net.WebSockets;
using System.Text;
using Portico.FunctionalTests.WebSockets;

namespace Portico.FunctionalTests.Server;

/// <summary>
/// The executable at its connection and descriptor limits: past them new WebSockets are refused
/// cleanly (503, or a connection closed or left waiting in the backlog), never with a 500 or a crash, the ones already
/// open keep echoing, and once some close a new one gets through again.
/// </summary>
public sealed class ServerConnectionLimitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static async Task<string> WriteWebSocketConfigAsync(int upstreamPort)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("portico-exe-").FullName, "portico.yml");
        await File.WriteAllTextAsync(path, $"""
            portico:
              routes:
                - id: ws
                  uri: ws://127.0.0.1:{upstreamPort}
                  predicates:
                    - Path=/ws/**
                  filters:
                    - StripPrefix=1
            """);
        return path;
    }

    /// <summary>Opens a WebSocket through the gateway; on refusal returns null and the status the gateway answered (0 if none).</summary>
    private static async Task<(ClientWebSocket? Socket, int Status)> TryOpenAsync(Uri gateway)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{gateway.Authority}/ws/echo"), timeout.Token);
            return (socket, 101);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            return (null, status);
        }
    }

    private static async Task<bool> EchoesAsync(ClientWebSocket socket, string text)
    {
        using var timeout = new CancellationTokenSource(Bound);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        return await WebSocketTestUpstream.ReceiveTextAsync(socket, timeout.Token) == text;
    }

    private static void AssertCleanLog(PorticoProcess gateway)
    {
        var log = gateway.Output + gateway.Error;
        Assert.DoesNotContain("Out of memory", log, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", log, StringComparison.Ordinal);
        Assert.DoesNotContain(" at System.", log, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeInitializationException", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KestrelLimitsFromConfiguration_SixthWebSocketGets503_AndOneMoreAfterAClose()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        var config = await WriteWebSocketConfigAsync(upstream.Port);
        await using var gateway = await PorticoProcess.StartListeningAsync(["--config", config, "--Kestrel:Limits:MaxConcurrentUpgradedConnections=5"]);
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var (socket, status) = await TryOpenAsync(gateway.BaseAddress);
                Assert.True(socket is not null, $"WebSocket {i + 1} of 5 was refused with {status}.");
                open.Add(socket);
            }

            var (sixth, sixthStatus) = await TryOpenAsync(gateway.BaseAddress);
            Assert.Null(sixth);
            Assert.Equal(503, sixthStatus);
            Assert.True(await EchoesAsync(open[0], "still here"));

            await open[^1].CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            open.RemoveAt(open.Count - 1);

            // The slot frees once the gateway has finished the proxied session, which may be a moment after the close.
            ClientWebSocket? again = null;
            for (var attempt = 0; attempt < 50 && again is null; attempt++)
            {
                (again, _) = await TryOpenAsync(gateway.BaseAddress);
                if (again is null)
                {
                    await Task.Delay(100);
                }
            }

            Assert.NotNull(again);
            open.Add(again);
            Assert.True(await EchoesAsync(again, "a new one"));
            Assert.Contains("at most", gateway.Output, StringComparison.Ordinal);
            AssertCleanLog(gateway);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task DescriptorLimit_DrivenPastIt_RefusesCleanly_KeepsOpenSocketsAndRecovers()
    {
        await using var upstream = await WebSocketTestUpstream.StartAsync();
        var config = await WriteWebSocketConfigAsync(upstream.Port);

        // 512 descriptors: a few hundred go to the runtime and its assemblies, so 250 proxied WebSockets (500
        // descriptors) are well past what the process can hold.
        await using var gateway = await PorticoProcess.StartListeningAsync(["--config", config], descriptorLimit: 512);
        var open = new List<ClientWebSocket>();
        var refusals = new List<int>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => TryOpenAsync(gateway.BaseAddress)));
                foreach (var (socket, status) in results)
                {
                    if (socket is null)
                    {
                        refusals.Add(status);
                    }
                    else
                    {
                        open.Add(socket);
                    }
                }
            }

            Assert.False(gateway.HasExited, "The gateway exited." + gateway.Error);
            Assert.NotEmpty(open);
            Assert.NotEmpty(refusals);

            // A refusal is a 503 or no answer at all (closed, or waiting in the backlog); never a 500.
            Assert.All(refusals, status => Assert.True(status is 503 or 0, $"A WebSocket was refused with {status}."));
            for (var i = 0; i < open.Count; i++)
            {
                Assert.True(await EchoesAsync(open[i], $"echo {i}"), $"WebSocket {i} stopped echoing.");
            }

            // Half close; a new WebSocket gets through again, and the gateway still answers plain HTTP.
            foreach (var socket in open.Take(open.Count / 2 + 1).ToList())
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                socket.Dispose();
                open.Remove(socket);
            }

            ClientWebSocket? again = null;
            for (var attempt = 0; attempt < 50 && again is null; attempt++)
            {
                (again, _) = await TryOpenAsync(gateway.BaseAddress);
                if (again is null)
                {
                    await Task.Delay(100);
                }
            }

            Assert.NotNull(again);
            open.Add(again);
            Assert.True(await EchoesAsync(again, "after the spike"));
            Assert.True(await EchoesAsync(open[0], "an old one"));
            using var client = gateway.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/actuator/health")).StatusCode);
            Assert.False(gateway.HasExited);
            AssertCleanLog(gateway);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }
}
