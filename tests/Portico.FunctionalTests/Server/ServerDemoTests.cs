using System.Text.Json;

namespace Portico.FunctionalTests.Server;

/// <summary><c>portico --demo</c>: it starts, prints curl commands, and each command works as its comment says.</summary>
public class ServerDemoTests
{
    [Fact]
    public async Task Demo_PrintsCurlCommandsThatWork()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--demo"]);
        await portico.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));
        var commands = portico.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("curl ", StringComparison.Ordinal))
            .Select(CurlCommand.Parse)
            .ToList();
        Assert.Equal(8, commands.Count);
        Assert.All(commands, c => Assert.Equal(portico.BaseAddress.Authority, c.Url.Authority));

        using var client = portico.CreateClient();
        var checkedPaths = new List<string>();
        foreach (var command in commands)
        {
            var path = command.Url.AbsolutePath;
            if (command.IsUpgrade)
            {
                var raw = await command.SendRawAsync();
                Assert.StartsWith("HTTP/1.1 101 Switching Protocols", raw, StringComparison.Ordinal);
                Assert.Contains("connected to the Portico demo WebSocket echo", raw, StringComparison.Ordinal);
                checkedPaths.Add(path);
                continue;
            }

            var (status, headers, contentType, body) = await command.SendAsync(client);
            switch (command.Method, path)
            {
                case ("GET", "/echo/hello"):
                    Assert.Equal(200, status);
                    using (var echo = JsonDocument.Parse(body))
                    {
                        Assert.Equal("/hello", echo.RootElement.GetProperty("path").GetString());
                        Assert.Equal("?name=portico", echo.RootElement.GetProperty("query").GetString());
                        Assert.Equal("true", echo.RootElement.GetProperty("headers").GetProperty("X-Portico-Demo").GetString());
                    }

                    break;
                case ("GET", "/api/orders"):
                    Assert.Equal(200, status);
                    Assert.Equal("orders-demo", Assert.Single(headers!.GetValues("X-Served-By")));
                    using (var orders = JsonDocument.Parse(body))
                    {
                        Assert.True(orders.RootElement.GetArrayLength() >= 3);
                    }

                    break;
                case ("GET", "/api/orders/2"):
                    Assert.Equal(200, status);
                    using (var order = JsonDocument.Parse(body))
                    {
                        Assert.Equal(2, order.RootElement.GetProperty("id").GetInt32());
                    }

                    break;
                case ("POST", "/api/orders"):
                    Assert.Equal(201, status);
                    using (var created = JsonDocument.Parse(body))
                    {
                        Assert.Equal("flat white", created.RootElement.GetProperty("item").GetString());
                    }

                    break;
                case ("GET", "/live/clock"):
                    Assert.Equal(200, status);
                    Assert.Equal("text/event-stream", contentType);
                    Assert.Contains("event: tick", body, StringComparison.Ordinal);
                    break;
                case ("GET", "/actuator/gateway/routes"):
                    Assert.Equal(200, status);
                    using (var routes = JsonDocument.Parse(body))
                    {
                        var ids = routes.RootElement.EnumerateArray().Select(r => r.GetProperty("route_id").GetString()).ToList();
                        Assert.Equal(["echo", "orders", "clock", "ws-echo"], ids);
                    }

                    break;
                case ("GET", "/nowhere"):
                    Assert.Equal(404, status);
                    Assert.Equal("application/problem+json", contentType);
                    break;
                default:
                    Assert.Fail($"The demo printed a command this test does not know: {command.Method} {command.Url}");
                    break;
            }

            checkedPaths.Add(path);
        }

        Assert.Equal(8, checkedPaths.Count);
    }

    [Fact]
    public async Task Demo_PrintsTheRoutesAsYaml()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--demo"]);
        await portico.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));

        Assert.Contains("- Path=/api/orders/**", portico.Output, StringComparison.Ordinal);
        Assert.Contains("uri: ws://127.0.0.1:", portico.Output, StringComparison.Ordinal);
    }
}
