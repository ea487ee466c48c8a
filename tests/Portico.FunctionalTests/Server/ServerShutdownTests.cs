using System.Net;

namespace Portico.FunctionalTests.Server;

/// <summary>How the executable stops on SIGTERM, as a service manager or Kubernetes stops it.</summary>
public class ServerShutdownTests
{
    [Fact]
    public async Task Sigterm_StopsGracefullyWithExitCodeZero()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGTERM is a POSIX signal.
        }

        await using var portico = await PorticoProcess.StartListeningAsync(["--config", await PorticoProcess.WriteEmptyConfigAsync()]);

        Assert.Equal(0, await portico.StopGracefullyAsync());
        Assert.Contains("Application is shutting down", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShutdownDelay_KeepsServingAfterSigterm()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var portico = await PorticoProcess.StartListeningAsync(["--config", await PorticoProcess.WriteEmptyConfigAsync(), "--Server:ShutdownDelay=4s"]);
        using var client = portico.CreateClient();
        var stopped = portico.StopGracefullyAsync();
        await portico.WaitForOutputAsync("Stopping in 4 s", TimeSpan.FromSeconds(10));

        // Still answered during the delay: the gateway's own 404 for a path no route matches.
        var response = await client.GetAsync("/during-drain");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        Assert.Equal(0, await stopped);
    }

    [Fact]
    public async Task InvalidShutdownDelay_ExitsTwo()
    {
        await using var portico = PorticoProcess.Start(["--config", await PorticoProcess.WriteEmptyConfigAsync(), "--Server:ShutdownDelay=soon"]);

        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("Server:ShutdownDelay: 'soon' is not a duration.", portico.Error, StringComparison.Ordinal);
    }
}
