using Portico.Server;
using Portico.Server.Hosting;

namespace Portico.Demo;

/// <summary>
/// Runs the demo: starts the demo services, then the gateway over the routes generated for them, hosted by the
/// executable's own code (<see cref="ServerApp.ServeAsync"/>), and prints the routes and curl commands to try.
/// </summary>
internal static class DemoApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The executable's command line, so --urls and --Section:Key=value settings work as they do there; --demo
        // itself may be given or left out.
        var command = ServerCommandLine.Parse(args);
        var error = command.Error
            ?? (command.ConfigPath is not null ? "--demo generates its own routes and cannot be combined with --config."
                : command.LinkisConfPath is not null ? "--demo generates its own Linkis settings and cannot be combined with --linkis-conf."
                : null);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"portico --demo: {error}{Environment.NewLine}Try './portico.sh --demo --help'.");
            return ServerApp.ExitInvalidConfig;
        }

        if (command.Help)
        {
            await Console.Out.WriteAsync(DemoHelpText.Render());
            return ServerApp.ExitOk;
        }

        if (command.Version)
        {
            await Console.Out.WriteLineAsync($"portico {ServerInfo.Version}");
            return ServerApp.ExitOk;
        }

        return await ServerApp.GuardAsync(configPath: null, () => RunDemoAsync(command.HostArgs));
    }

    private static async Task<int> RunDemoAsync(IReadOnlyList<string> hostArgs)
    {
        await using var demo = await DemoEnvironment.StartAsync(CancellationToken.None);
        var config = GatewayConfigSource.FromYaml("the demo configuration", demo.RenderConfig());
        return await ServerApp.ServeAsync(hostArgs, config, linkisConf: null, endpoints: null, config.Description, async gateway =>
        {
            await Console.Out.WriteAsync(demo.RenderBanner(gateway));
            await Console.Out.FlushAsync();
        });
    }
}
