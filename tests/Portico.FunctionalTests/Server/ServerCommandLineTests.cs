namespace Portico.FunctionalTests.Server;

/// <summary>The executable's own options and its exit codes, on a real child process.</summary>
public class ServerCommandLineTests
{
    [Fact]
    public async Task Version_PrintsVersionAndExitsZero()
    {
        await using var portico = PorticoProcess.Start(["--version"]);
        Assert.Equal(0, await portico.WaitForExitAsync());
        Assert.Matches(@"^portico \d+\.\d+\.\d+", portico.Output);
    }

    [Fact]
    public async Task Help_PrintsUsageAndExitsZero()
    {
        await using var portico = PorticoProcess.Start(["--help"]);
        Assert.Equal(0, await portico.WaitForExitAsync());
        Assert.Contains("--config FILE", portico.Output, StringComparison.Ordinal);
        Assert.Contains("--demo", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigWithoutFile_ExitsTwoWithUsageHint()
    {
        await using var portico = PorticoProcess.Start(["--config"]);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("--config needs a file", portico.Error, StringComparison.Ordinal);
        Assert.Contains("portico --help", portico.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--confg", "unknown option '--confg'. Did you mean '--config'?")]
    [InlineData("--url", "unknown option '--url'. Did you mean '--urls'?")]
    [InlineData("-x", "unknown option '-x'.")]
    [InlineData("portico.yml", "unexpected argument 'portico.yml'.")]
    public async Task UnknownOptionOrStrayWord_ExitsTwoNamingIt(string arg, string message)
    {
        await using var portico = PorticoProcess.Start([arg, "portico.yml"]);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains(message, portico.Error, StringComparison.Ordinal);
        Assert.Contains("portico --help", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspeltSettingInAFile_ExitsTwoNamingTheNearestKey()
    {
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "typo.yml"), "portico:\n  routes:\n    - id: a\n      uri: http://127.0.0.1:1\n      filtres:\n        - StripPrefix=1\n");
        await using var portico = PorticoProcess.Start(["--config", "typo.yml"], workingDirectory: directory);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("route 'a', filtres: 'filtres' is not a setting Portico knows. Fix: Did you mean 'filters'?", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoWithConfig_ExitsTwo()
    {
        await using var portico = PorticoProcess.Start(["--demo", "--config", "portico.yml"], dll: PorticoProcess.DemoDll);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("cannot be combined", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFile_ExitsTwoNamingTheFile()
    {
        await using var portico = PorticoProcess.Start(["--config", "no-such-file.yml"]);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("no-such-file.yml", portico.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task YamlSyntaxError_ExitsTwoNamingTheLine()
    {
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "broken.yml"), "portico:\n  routes:\n    - id: a\n     uri: http://127.0.0.1:1\n");
        await using var portico = PorticoProcess.Start(["--config", "broken.yml"], workingDirectory: directory);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("broken.yml", portico.Error, StringComparison.Ordinal);
        Assert.Contains("line 4", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidConfig_ExitsTwoAndPrintsEveryError()
    {
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.yml"), """
            portico:
              routes:
                - id: typo
                  uri: http://127.0.0.1:9
                  predicates:
                    - Pathh=/a/**
                - id: no-uri
                - id: dup
                  uri: http://127.0.0.1:9
                - id: dup
                  uri: ftp://127.0.0.1:9
            """);
        await using var portico = PorticoProcess.Start(["--config", "portico.yml"], workingDirectory: directory);

        Assert.Equal(2, await portico.WaitForExitAsync());
        var error = portico.Error;
        Assert.Contains("the configuration is invalid (4 errors)", error, StringComparison.Ordinal);
        Assert.Contains("route 'typo', predicates[0]: unknown predicate 'Pathh'", error, StringComparison.Ordinal);
        Assert.Contains("route 'no-uri', uri: is missing.", error, StringComparison.Ordinal);
        Assert.Contains("route 'dup', id: is used by more than one route.", error, StringComparison.Ordinal);
        Assert.Contains("route 'dup', uri: 'ftp://127.0.0.1:9' is not a supported target.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidSettingFromEnvironment_ExitsTwoNamingTheSetting()
    {
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.yml"), "portico:\n  routes: []\n");
        await using var portico = PorticoProcess.Start(
            ["--config", "portico.yml"],
            new Dictionary<string, string> { ["Portico__HttpClient__HttpVersion"] = "3" },
            directory);

        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("http-version: '3' is not a supported HTTP version.", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_ExitsOneNamingTheAddress()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var directory = Directory.CreateTempSubdirectory("portico-exe-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "portico.yml"), "portico:\n  routes: []\n");
        await using var portico = PorticoProcess.Start(["--config", "portico.yml", "--urls", $"http://127.0.0.1:{port}"], workingDirectory: directory);

        Assert.Equal(1, await portico.WaitForExitAsync());
        Assert.Contains($"127.0.0.1:{port}", portico.Error, StringComparison.Ordinal);
        Assert.Contains("address already in use", portico.Error, StringComparison.OrdinalIgnoreCase);
    }
}
