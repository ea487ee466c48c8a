using System.Net;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Server;

/// <summary>The executable adds the Linkis mode only when its start-up configuration asks for it.</summary>
public sealed class ServerLinkisModuleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portico-module-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task PlainConfig_ServesRoutes_WithoutLoadingTheLinkisAssembly()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_directory, "portico.yml"), $"""
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
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", "portico.yml"], workingDirectory: _directory);
        using var client = portico.CreateClient();

        var response = await client.GetAsync("/api/items/7");
        var mapped = await MappedAssembliesAsync(portico);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Portico.Core.dll", mapped);
        Assert.DoesNotContain("Portico.Linkis.dll", mapped);
    }

    [Fact]
    public async Task LinkisEnabled_LoadsTheLinkisAssembly()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "portico.yml"), """
            portico:
              linkis:
                enabled: true
            """);
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", "portico.yml"], workingDirectory: _directory);

        Assert.Contains("Portico.Linkis.dll", await MappedAssembliesAsync(portico));
    }

    /// <summary>The file names of the .dll files mapped into the process (<c>/proc/&lt;pid&gt;/maps</c>).</summary>
    private static async Task<HashSet<string>> MappedAssembliesAsync(PorticoProcess portico)
    {
        var lines = await File.ReadAllLinesAsync($"/proc/{portico.ProcessId}/maps");
        return lines
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && f[^1].EndsWith(".dll", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f[^1]))
            .ToHashSet(StringComparer.Ordinal);
    }
}
