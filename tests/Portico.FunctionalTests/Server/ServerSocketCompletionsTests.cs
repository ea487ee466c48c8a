namespace Portico.FunctionalTests.Server;

/// <summary>Where the executable runs socket completions (<c>Server:InlineSocketCompletions</c>), on a real child process.</summary>
public class ServerSocketCompletionsTests
{
    private const string Logged = "Socket completions run ";

    [Fact]
    public async Task Default_InlineOnTheEventThreads_AndServes()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", await PorticoProcess.WriteEmptyConfigAsync()]);

        using var client = portico.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/nowhere")).StatusCode);
        await portico.WaitForOutputAsync(Logged);
        Assert.Contains("Socket completions run inline on the socket event threads", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchedOff_OnTheThreadPool()
    {
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", await PorticoProcess.WriteEmptyConfigAsync(), "--Server:InlineSocketCompletions=false"]);

        await portico.WaitForOutputAsync(Logged);
        Assert.Contains("Socket completions run on the thread pool", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorsEnvironmentVariable_WinsOverTheDefault()
    {
        var environment = new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "0" };
        await using var portico = await PorticoProcess.StartListeningAsync(["--config", await PorticoProcess.WriteEmptyConfigAsync()], environment);

        await portico.WaitForOutputAsync(Logged);
        Assert.Contains("Socket completions run on the thread pool", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotABoolean_ExitsTwoNamingTheKey()
    {
        await using var portico = PorticoProcess.Start(["--config", await PorticoProcess.WriteEmptyConfigAsync(), "--Server:InlineSocketCompletions=sometimes"]);

        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("Server:InlineSocketCompletions: 'sometimes' is not a boolean.", portico.Error, StringComparison.Ordinal);
    }
}
