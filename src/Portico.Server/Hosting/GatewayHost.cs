using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Portico.Configuration;

namespace Portico.Server.Hosting;

/// <summary>
/// Builds the gateway's <see cref="WebApplication"/> with the standard ASP.NET Core layering, lowest first: the
/// executable's defaults, a Linkis conf directory (<c>--linkis-conf</c>), <c>appsettings.json</c>, the gateway
/// configuration (file, embedded default or demo), environment variables, then the command line.
/// </summary>
internal static class GatewayHost
{
    /// <summary>
    /// Creates the builder with <paramref name="gatewayConfig"/> as the gateway configuration layer and, when given,
    /// the Linkis conf directory <paramref name="linkisConf"/> below every Portico layer.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(IReadOnlyList<string> hostArgs, IConfigurationSource gatewayConfig, ConfigFileStatus? fileStatus, string? linkisConf = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. hostArgs] });
        var sources = builder.Configuration.Sources;
        sources.Insert(0, new MemoryConfigurationSource { InitialData = ServerDefaults.Settings });
        if (linkisConf is not null)
        {
            // Just above the executable's defaults: every Portico setting, from appsettings.json to the command line
            // (and ASPNETCORE_URLS over spring.server.port), overrides what the Linkis files say.
            sources.Insert(1, LinkisSwitch.PropertiesSource(linkisConf));
        }

        // The gateway layer goes just below the unprefixed environment variables, so Portico__... variables and
        // --Portico:... arguments override single settings of the file.
        sources.Insert(IndexOfAppEnvironmentVariables(sources), gatewayConfig);

        if (fileStatus is not null)
        {
            // The reload manager reads every registered status, so a broken edit is reported and the last good config kept.
            builder.Services.AddSingleton(fileStatus);
        }

        // Before anything opens a socket: the runtime reads the switch when the first one is created.
        var errors = new List<ConfigError>();
        SocketCompletions.Apply(builder.Configuration, errors);

        if (ServerDefaults.NoAddressConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(ServerDefaults.Url);
        }

        builder.Services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<SimpleConsoleFormatterOptions>>(
            new ConfigureOptions<SimpleConsoleFormatterOptions>(ServerDefaults.SimpleConsole)));
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<JsonConsoleFormatterOptions>>(
            new ConfigureOptions<JsonConsoleFormatterOptions>(ServerDefaults.JsonConsole)));

        // The slim builder fixes the console formatter to "simple" in code; honour the configured one (json, systemd).
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }

        builder.WebHost.UseKestrelHttpsConfiguration();
        // Load now what the error path and the first WebSocket would load later, before the connection limits are
        // derived from what is left: each loaded assembly holds a descriptor for the life of the process.
        Portico.Resources.ErrorPathWarmup.Run();
        var openDescriptors = ConnectionLimits.CountOpenDescriptors();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            ConnectionLimits.Apply(context.Configuration, kestrel.Limits, ConnectionLimits.ReadDescriptorLimit(), openDescriptors);
        });

        // Registered after Kestrel's socket transport, so Kestrel binds TCP and Unix endpoints with this one.
        builder.Services.AddSingleton<IConnectionListenerFactory, BackoffSocketTransportFactory>();

        builder.Services.AddPortico();

        // Only when the start-up configuration asks for it: switching Linkis on later needs a restart.
        LinkisSwitch.Apply(builder, linkisConf);

        var shutdown = ServerShutdownOptions.Read(builder.Configuration, errors);
        if (errors.Count > 0)
        {
            throw new PorticoConfigException(errors);
        }

        // The delay comes out of the host's shutdown timeout, so the timeout is what is left for in-flight requests.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.Delay + shutdown.Timeout);
        builder.Services.AddSingleton(shutdown);
        builder.Services.AddHostedService<ShutdownDrain>();
        return builder;
    }

    private static int IndexOfAppEnvironmentVariables(IList<IConfigurationSource> sources)
    {
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                return i;
            }
        }

        // No environment variables layer (a host set up without one): the command line, if any, still wins.
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource)
            {
                return i;
            }
        }

        return sources.Count;
    }
}
