using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portico.FunctionalTests.Server;

/// <summary><c>./portico.sh --demo</c> (the demo project, portico-demo): it starts, prints curl commands, and each command works as its comment says.</summary>
public partial class ServerDemoTests
{
    private const int CommandCount = 16;

    [Fact]
    public async Task Demo_PrintsCurlCommandsThatWork()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--demo"], dll: PorticoProcess.DemoDll);
        await portico.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));
        var commands = portico.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("curl ", StringComparison.Ordinal))
            .Select(CurlCommand.Parse)
            .ToList();
        Assert.Equal(CommandCount, commands.Count);
        Assert.All(commands, c => Assert.Equal(portico.BaseAddress.Authority, c.Url.Authority));
        var entrances = LinkisInstances(portico.Output, "linkis-cg-entrance");
        Assert.Equal(3, entrances.Count);
        var labelled = Assert.Single(entrances, e => e.Label == "et1").Authority;
        var unlabelled = entrances.Where(e => e.Label is null).Select(e => e.Authority).ToList();
        var publicService = Assert.Single(LinkisInstances(portico.Output, "linkis-ps-publicservice")).Authority;

        using var client = portico.CreateClient();
        var cookieFiles = new Dictionary<string, Dictionary<string, string>>();
        var checkedPaths = new List<string>();
        foreach (var command in commands)
        {
            var path = command.Url.AbsolutePath;
            if (path.StartsWith("/api/rest_j/", StringComparison.Ordinal))
            {
                var (linkisStatus, _, _, linkisBody) = await command.SendAsync(client, cookieFiles);
                CheckLinkis(command, linkisStatus, linkisBody, cookieFiles, labelled, unlabelled, publicService);
                checkedPaths.Add(path);
                continue;
            }

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
                        Assert.Equal(["echo", "orders", "clock", "ws-echo", "api", "dws", "ws_http", "ws"], ids);
                    }

                    break;
                case ("GET", "/nowhere"):
                    // The demo runs in Linkis mode: unmatched paths answer Linkis's framework error shape.
                    Assert.Equal(404, status);
                    Assert.Equal("application/json", contentType);
                    using (var error = JsonDocument.Parse(body))
                    {
                        Assert.Equal(404, error.RootElement.GetProperty("status").GetInt32());
                        Assert.Equal("/nowhere", error.RootElement.GetProperty("method").GetString());
                        Assert.Equal("Not Found", error.RootElement.GetProperty("message").GetString());
                    }

                    break;
                default:
                    Assert.Fail($"The demo printed a command this test does not know: {command.Method} {command.Url}");
                    break;
            }

            checkedPaths.Add(path);
        }

        Assert.Equal(CommandCount, checkedPaths.Count);
    }

    [GeneratedRegex(@"^  (?<app>linkis-[a-z-]+) +http://(?<authority>127\.0\.0\.1:\d+)(  \(route=(?<label>\w+)\))?$", RegexOptions.Multiline)]
    private static partial Regex LinkisInstanceLine();

    /// <summary>The Linkis instances the banner lists for <paramref name="application"/>.</summary>
    private static List<(string Authority, string? Label)> LinkisInstances(string output, string application) =>
        [.. LinkisInstanceLine().Matches(output)
            .Where(m => m.Groups["app"].Value == application)
            .Select(m => (m.Groups["authority"].Value, m.Groups["label"].Success ? m.Groups["label"].Value : null))];

    private static void CheckLinkis(
        CurlCommand command,
        int status,
        string body,
        Dictionary<string, Dictionary<string, string>> cookieFiles,
        string labelled,
        List<string> unlabelled,
        string publicService)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var path = command.Url.AbsolutePath;
        var data = root.GetProperty("data");
        string Instance() => data.GetProperty("instance").GetString()!;

        if (path.EndsWith("/user/login", StringComparison.Ordinal))
        {
            Assert.Equal(200, status);
            Assert.Equal(0, root.GetProperty("status").GetInt32());
            Assert.True(cookieFiles[command.CookiesTo!].ContainsKey("linkis_user_session_ticket_id_v1"), body);
        }
        else if (command.CookiesFrom is null)
        {
            // Not logged in.
            Assert.Equal(401, status);
            Assert.Equal(-1, root.GetProperty("status").GetInt32());
        }
        else if (path.EndsWith("/entrance/submit", StringComparison.Ordinal))
        {
            Assert.Equal(200, status);
            var requested = command.Url.Query.Contains("labels=et1", StringComparison.Ordinal) || command.Body!.Contains("\"route\":\"et1\"", StringComparison.Ordinal)
                ? "et1"
                : command.Body!.Contains("\"route\":", StringComparison.Ordinal) ? "unknown" : null;
            switch (requested)
            {
                case "et1":
                    Assert.Equal(labelled, Instance());
                    break;
                case "unknown":
                    Assert.Equal(1, root.GetProperty("status").GetInt32());
                    Assert.Contains("11011", root.GetProperty("message").GetString(), StringComparison.Ordinal);
                    break;
                default:
                    Assert.Contains(Instance(), unlabelled);
                    Assert.Equal("linkis-cg-entrance", data.GetProperty("application").GetString());
                    break;
            }
        }
        else if (path.EndsWith("/status", StringComparison.Ordinal))
        {
            // The execID names the second (unlabelled) entrance.
            Assert.Equal(200, status);
            Assert.Equal(unlabelled[1], Instance());
            Assert.Contains(unlabelled[1], path, StringComparison.Ordinal);
        }
        else if (path.EndsWith("/jobhistory/list", StringComparison.Ordinal))
        {
            Assert.Equal(200, status);
            Assert.Equal(publicService, Instance());
        }
        else
        {
            Assert.Fail($"The demo printed a Linkis command this test does not know: {command.Method} {command.Url}");
        }
    }

    [Fact]
    public async Task Demo_PrintsTheRoutesAsYaml()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--demo"], dll: PorticoProcess.DemoDll);
        await portico.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));

        Assert.Contains("- Path=/api/orders/**", portico.Output, StringComparison.Ordinal);
        Assert.Contains("uri: ws://127.0.0.1:", portico.Output, StringComparison.Ordinal);
        Assert.Contains("metadata: { route: et1 }", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_PrintsTheGeneratedAdminPasswordButNeverTheCryptKey()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--demo"], dll: PorticoProcess.DemoDll);
        await portico.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30));

        var password = Regex.Match(portico.Output, "Linkis administrator: hadoop, password (\\w+) ").Groups[1].Value;
        Assert.Equal(16, password.Length);
        Assert.DoesNotContain("crypt-key:", portico.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-password:", portico.Output, StringComparison.Ordinal);
    }
}
