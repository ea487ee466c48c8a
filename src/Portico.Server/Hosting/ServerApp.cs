using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Portico.Configuration;
using Portico.Server.Defaults;

namespace Portico.Server.Hosting;

/// <summary>Runs the executable: parses the command line, starts the gateway and maps failures to exit codes.</summary>
internal static partial class ServerApp
{
    /// <summary>Stopped normally.</summary>
    public const int ExitOk = 0;

    /// <summary>Failed while starting or running for a reason other than configuration (a taken port, say).</summary>
    public const int ExitFailure = 1;

    /// <summary>Bad command line or invalid configuration.</summary>
    public const int ExitInvalidConfig = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var command = ServerCommandLine.Parse(args);
        if (command.Error is not null)
        {
            await Console.Error.WriteLineAsync($"portico: {command.Error}{Environment.NewLine}Try 'portico --help'.");
            return ExitInvalidConfig;
        }

        if (command.Help)
        {
            await Console.Out.WriteAsync(HelpText.Render());
            return ExitOk;
        }

        if (command.Version)
        {
            await Console.Out.WriteLineAsync($"portico {ServerInfo.Version}");
            return ExitOk;
        }

        if (command.Demo)
        {
            await Console.Error.WriteLineAsync($"portico: {DemoMoved}");
            return ExitInvalidConfig;
        }

        return await GuardAsync(command.ConfigPath, () => RunGatewayAsync(command));
    }

    /// <summary>Why <c>--demo</c> is refused: the demo is its own project, outside the production executable.</summary>
    internal const string DemoMoved =
        "the demo is not part of the portico executable. Run it from the source tree with ./portico.sh --demo "
        + "(the project src/Portico.Demo).";

    /// <summary>
    /// Runs <paramref name="run"/> and maps its failures to the executable's exit codes and messages: an invalid
    /// configuration (read from <paramref name="configPath"/>, when given) is 2, any other failure 1.
    /// </summary>
    internal static async Task<int> GuardAsync(string? configPath, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (PorticoConfigException ex)
        {
            await PrintConfigErrorsAsync(ex);
            return ExitInvalidConfig;
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
        {
            await Console.Error.WriteLineAsync($"portico: cannot read the configuration: {DescribeReadError(ex, configPath)}");
            return ExitInvalidConfig;
        }
        catch (IOException ex)
        {
            // Kestrel reports a taken or forbidden address this way.
            await Console.Error.WriteLineAsync($"portico: {ex.Message}");
            return ExitFailure;
        }
        catch (Exception ex)
        {
            // A defect rather than an operator's mistake: the whole exception helps whoever reports it.
            await Console.Error.WriteLineAsync($"portico: unexpected failure: {ex}");
            return ExitFailure;
        }
    }

    private static Task<int> RunGatewayAsync(ServerCommandLine command)
    {
        // With a Linkis conf directory and no file, the gateway is a Linkis gateway only: the built-in default's
        // welcome page and echo route are left out.
        var builtIn = command.ConfigPath is null && command.LinkisConfPath is null;
        var config = command.ConfigPath is not null ? GatewayConfigSource.FromFile(command.ConfigPath)
            : builtIn ? GatewayConfigSource.EmbeddedDefault()
            : GatewayConfigSource.Empty();
        return ServeAsync(command.HostArgs, config, command.LinkisConfPath, builtIn ? BuiltInEndpoints.Map : null,
            Describe(config, command.LinkisConfPath), started: null);
    }

    /// <summary>
    /// Hosts the gateway as the executable does: builds it over <paramref name="config"/> (and the Linkis conf directory
    /// <paramref name="linkisConf"/>, when given), maps <paramref name="endpoints"/> before the gateway, starts it, logs
    /// where it listens and then hands <paramref name="started"/> a loopback address a local client can use. Returns
    /// once the host has shut down.
    /// </summary>
    internal static async Task<int> ServeAsync(IReadOnlyList<string> hostArgs, GatewayConfigSource config, string? linkisConf,
        Action<WebApplication>? endpoints, string description, Func<Uri, Task>? started)
    {
        var builder = GatewayHost.CreateBuilder(hostArgs, config.Source, config.FileStatus, linkisConf);
        await using var app = builder.Build();
        endpoints?.Invoke(app);
        app.MapPortico();
        await app.StartAsync();
        var local = LogStarted(app, description);
        if (started is not null)
        {
            await started(local);
        }

        await app.WaitForShutdownAsync();
        return ExitOk;
    }

    private static string Describe(GatewayConfigSource config, string? linkisConf)
    {
        if (linkisConf is null)
        {
            return config.Description;
        }

        var linkis = "the Linkis conf directory " + Path.GetFullPath(linkisConf);
        return config.FileStatus is null ? linkis : $"{config.Description} over {linkis}";
    }

    /// <summary>Logs where the gateway listens and returns a loopback address a local client can use.</summary>
    private static Uri LogStarted(WebApplication app, string source)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var routes = app.Services.GetRequiredService<IGatewaySnapshotProvider>().Current.Routes.Routes.Count;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Portico.Server");
        var listening = string.Join(", ", addresses);
        LogListening(logger, ServerInfo.Version, listening, routes, source);
        LogSocketCompletions(logger, SocketCompletions.Inline ? "inline on the socket event threads" : "on the thread pool");
        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var descriptors = ConnectionLimits.ReadDescriptorLimit()?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        var connections = limits.MaxConcurrentConnections?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
        var upgraded = limits.MaxConcurrentUpgradedConnections?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
        LogConnectionLimits(logger, descriptors, connections, upgraded);
        if (ConnectionLimits.ReadDescriptorLimit() is { } descriptorLimit
            && 2 * ((limits.MaxConcurrentConnections ?? long.MaxValue / 4) + (limits.MaxConcurrentUpgradedConnections ?? long.MaxValue / 4)) > descriptorLimit)
        {
            // Past the descriptor limit the runtime itself fails (it reads /proc to size the heap), so say so now.
            LogLimitsAboveDescriptors(logger, descriptors);
        }
        return LocalAddress(addresses);
    }

    /// <summary>
    /// The first listen address rewritten so a client on this machine can reach it: a wildcard host (0.0.0.0, [::],
    /// +, *) becomes 127.0.0.1. Plain http is preferred, for curl commands such as the demo's.
    /// </summary>
    internal static Uri LocalAddress(ICollection<string> addresses)
    {
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.First();
        var uri = new Uri(chosen.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        return uri.Host is "0.0.0.0" or "[::]" or "::"
            ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri
            : uri;
    }

    /// <summary>Names the file and, for a syntax error, the line and column (1-based) where parsing stopped.</summary>
    internal static string DescribeReadError(Exception ex, string? configPath)
    {
        var file = configPath is null ? "" : Path.GetFullPath(configPath) + ": ";
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case YamlDotNet.Core.YamlException yaml:
                    return $"{file}line {yaml.Start.Line}, column {yaml.Start.Column}: {yaml.Message}";
                case System.Text.Json.JsonException { LineNumber: { } line } json:
                    return $"{file}line {line + 1}, column {json.BytePositionInLine + 1 ?? 1}: {json.Message}";
                case FileNotFoundException notFound:
                    return notFound.Message;
            }
        }

        return file + (ex.InnerException?.Message ?? ex.Message);
    }

    private static async Task PrintConfigErrorsAsync(PorticoConfigException ex)
    {
        var errors = ex.Errors;
        if (errors.Count == 0)
        {
            await Console.Error.WriteLineAsync($"portico: {ex.Message}");
            return;
        }

        var text = new System.Text.StringBuilder()
            .Append("portico: the configuration is invalid (")
            .Append(errors.Count).Append(errors.Count == 1 ? " error" : " errors").AppendLine("):");
        foreach (var error in errors)
        {
            text.Append("  - ").AppendLine(error.ToString());
        }

        await Console.Error.WriteAsync(text.ToString());
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Hosting + 1, Level = LogLevel.Information, Message = "Portico {Version} listening on {Addresses} with {RouteCount} routes from {Source}")]
    private static partial void LogListening(ILogger logger, string version, string addresses, int routeCount, string source);

    [LoggerMessage(EventId = Logging.EventIdRanges.Hosting + 3, Level = LogLevel.Information, Message = "Socket completions run {Mode} (Server:InlineSocketCompletions)")]
    private static partial void LogSocketCompletions(ILogger logger, string mode);

    [LoggerMessage(EventId = Logging.EventIdRanges.Hosting + 4, Level = LogLevel.Information, Message = "Descriptor limit {DescriptorLimit}: at most {Connections} connections and {Upgraded} WebSockets at once (Kestrel:Limits)")]
    private static partial void LogConnectionLimits(ILogger logger, string descriptorLimit, string connections, string upgraded);

    [LoggerMessage(EventId = Logging.EventIdRanges.Hosting + 5, Level = LogLevel.Warning, Message = "Kestrel:Limits allow more connections than {DescriptorLimit} descriptors can hold (each proxied connection takes two): raise ulimit -n or lower MaxConcurrentConnections and MaxConcurrentUpgradedConnections, or the process may run out of descriptors")]
    private static partial void LogLimitsAboveDescriptors(ILogger logger, string descriptorLimit);
}
