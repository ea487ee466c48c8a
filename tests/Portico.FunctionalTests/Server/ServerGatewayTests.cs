using System.Net;
using System.Text.Json;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Server;

/// <summary>The executable serving traffic: built-in default, a config file, and the layering of overrides.</summary>
public class ServerGatewayTests
{
    [Fact]
    public async Task EmbeddedDefault_Root_ExplainsWhatIsRunning()
    {
        await using var portico = await PorticoProcess.StartListeningAsync([]);
        using var client = portico.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("running on its built-in configuration", text, StringComparison.Ordinal);
        Assert.Contains($"curl -i {portico.BaseAddress.GetLeftPart(UriPartial.Authority)}/echo/hello", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedDefault_Echo_ShowsRequestAfterRouteFilters()
    {
        await using var portico = await PorticoProcess.StartListeningAsync([]);
        using var client = portico.CreateClient();

        var response = await client.GetAsync("/echo/hello?name=portico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/echo/hello", echo.RootElement.GetProperty("originalPath").GetString());
        Assert.Equal("?name=portico", echo.RootElement.GetProperty("query").GetString());
        Assert.Equal("echo", echo.RootElement.GetProperty("headers").GetProperty("X-Portico-Route").GetString());
    }

    [Fact]
    public async Task EmbeddedDefault_UnknownPath_Is404Problem()
    {
        await using var portico = await PorticoProcess.StartListeningAsync([]);
        using var client = portico.CreateClient();

        var response = await client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task YamlConfig_RoutesToUpstreamWithFilters()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.yml"), $"""
            spring:
              cloud:
                gateway:
                  routes:
                    - id: api
                      uri: {upstream.BaseAddress.GetLeftPart(UriPartial.Authority)}
                      predicates:
                        - Path=/api/**
                      filters:
                        - StripPrefix=1
            """);
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", "portico.yml"], workingDirectory: directory);
        using var client = portico.CreateClient();

        var echo = await EchoResponse.ReadAsync(await client.GetAsync("/api/items/7?x=1"));

        Assert.Equal("/items/7", echo.Path);
        Assert.Equal("?x=1", echo.QueryString);
    }

    [Fact]
    public async Task JsonConfig_RoutesToUpstream()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.json"), $$"""
            { "Portico": { "Routes": [ { "Id": "all", "Uri": "{{upstream.BaseAddress.GetLeftPart(UriPartial.Authority)}}" } ] } }
            """);
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", "portico.json"], workingDirectory: directory);
        using var client = portico.CreateClient();

        var echo = await EchoResponse.ReadAsync(await client.GetAsync("/from-json"));

        Assert.Equal("/from-json", echo.Path);
    }

    [Fact]
    public async Task EnvironmentVariable_OverridesFileSetting()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var directory = await WriteDeadRouteConfigAsync();
        await using var portico = await PorticoProcess.StartListeningAsync(
            ["--config", "portico.yml"],
            new Dictionary<string, string> { ["Portico__Routes__0__Uri"] = upstream.BaseAddress.GetLeftPart(UriPartial.Authority) },
            directory);
        using var client = portico.CreateClient();

        var response = await client.GetAsync("/env");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/env", (await EchoResponse.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task CommandLineKey_OverridesEnvironmentAndFile()
    {
        await using var fromEnvironment = await TestUpstream.StartAsync();
        await using var fromCommandLine = await TestUpstream.StartAsync();
        var directory = await WriteDeadRouteConfigAsync();
        await using var portico = await PorticoProcess.StartListeningAsync(
            ["--config", "portico.yml", $"--Portico:Routes:0:Uri={fromCommandLine.BaseAddress.GetLeftPart(UriPartial.Authority)}"],
            new Dictionary<string, string> { ["Portico__Routes__0__Uri"] = fromEnvironment.BaseAddress.GetLeftPart(UriPartial.Authority) },
            directory);
        using var client = portico.CreateClient();

        var echo = await EchoResponse.ReadAsync(await client.GetAsync("/cli"));

        Assert.Equal($"127.0.0.1:{fromCommandLine.Port}", echo.Server);
    }

    [Fact]
    public async Task AppSettingsInWorkingDirectory_IsReadBelowTheFile()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var directory = await WriteDeadRouteConfigAsync();

        // appsettings.json may add settings the file lacks, but the file's own values win over it.
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), """
            { "Portico": { "Routes": [ { "Uri": "http://127.0.0.1:2" } ], "DefaultFilters": [ "AddRequestHeader=X-From-AppSettings, yes" ] } }
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.yml"), $"""
            portico:
              routes:
                - id: all
                  uri: {upstream.BaseAddress.GetLeftPart(UriPartial.Authority)}
            """);
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", "portico.yml"], workingDirectory: directory);
        using var client = portico.CreateClient();

        var echo = await EchoResponse.ReadAsync(await client.GetAsync("/layered"));

        Assert.Equal("yes", echo.Header("X-From-AppSettings"));
    }

    [Fact]
    public async Task ConfigFile_BrokenEdit_KeepsServingLastGoodConfig()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        var path = Path.Combine(directory, "portico.yml");
        var good = $"portico:\n  routes:\n    - id: all\n      uri: {upstream.BaseAddress.GetLeftPart(UriPartial.Authority)}\n";
        await File.WriteAllTextAsync(path, good);
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", "portico.yml"], workingDirectory: directory);
        using var client = portico.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/before")).StatusCode);

        await File.WriteAllTextAsync(path, good + "    - id: [broken\n");
        await portico.WaitForOutputAsync("Configuration reload error", TimeSpan.FromSeconds(30));

        var response = await client.GetAsync("/after");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/after", (await EchoResponse.ReadAsync(response)).Path);
    }

    private static async Task<string> WriteDeadRouteConfigAsync()
    {
        // Port 9 (discard) on loopback has no listener here: a request that reaches it fails with 503.
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.yml"), "portico:\n  routes:\n    - id: all\n      uri: http://127.0.0.1:9\n");
        return directory;
    }
}
