using System.Text.Json;

namespace Portico.FunctionalTests.Server;

/// <summary>The executable's console logging: one line per message, JSON on request, no per-request lines by default.</summary>
public class ServerLoggingTests
{
    [Fact]
    public async Task Default_OneLinePerMessageWithUtcTimestamp()
    {
        await using var portico = await PorticoProcess.StartListeningAsync([]);
        await portico.WaitForOutputAsync("Portico.Server[2001]", TimeSpan.FromSeconds(30));

        var line = portico.Output.Split('\n').First(l => l.Contains("Portico.Server[2001]", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: Portico\.Server\[2001\] Portico .* listening on http://127\.0\.0\.1:\d+ with 2 routes", line);
    }

    [Fact]
    public async Task JsonFormatter_FromCommandLine_WritesJsonLines()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--Logging:Console:FormatterName=json"]);
        await portico.WaitForOutputAsync("\"EventId\":2001", TimeSpan.FromSeconds(30));

        var line = portico.Output.Split('\n').First(l => l.Contains("\"EventId\":2001", StringComparison.Ordinal));
        using var entry = JsonDocument.Parse(line);
        Assert.Equal("Portico.Server", entry.RootElement.GetProperty("Category").GetString());
        Assert.EndsWith("Z", entry.RootElement.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLog_OffByDefault_OnWhenItsCategoryIsEnabled()
    {
        await using var quiet = await PorticoProcess.StartListeningAsync([]);
        await using var logging = await PorticoProcess.StartListeningAsync(["--Logging:LogLevel:Portico.AccessLog=Information"]);
        using (var client = quiet.CreateClient())
        {
            Assert.True((await client.GetAsync("/echo/quiet")).IsSuccessStatusCode);
        }

        using (var client = logging.CreateClient())
        {
            Assert.True((await client.GetAsync("/echo/logged")).IsSuccessStatusCode);
        }

        await logging.WaitForOutputAsync("GET /echo/logged 200", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("Portico.AccessLog", quiet.Output, StringComparison.Ordinal);
    }
}
