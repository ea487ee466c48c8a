using Microsoft.Extensions.Logging.Console;

namespace Portico.Server.Hosting;

/// <summary>
/// Settings the executable starts from, below every other configuration source so that <c>appsettings.json</c>, the
/// gateway file, environment variables and the command line can override each of them. They live in code rather
/// than in a shipped <c>appsettings.json</c> because that file is only found when the content root is the output
/// directory, and a gateway that silently logs every request because it was started from another directory is slow.
/// </summary>
internal static class ServerDefaults
{
    /// <summary>Where the gateway listens when nothing else says so.</summary>
    public const string Url = "http://127.0.0.1:8080";

    public static IEnumerable<KeyValuePair<string, string?>> Settings { get; } =
    [
        new("Logging:LogLevel:Default", "Information"),

        // ASP.NET Core's own request logging (one or two lines per request at Information) is off.
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),

        // While this category is enabled at any level, ASP.NET Core starts an Activity and a logging scope for every
        // request (about 650 bytes and an ExecutionContext change each), even though it logs nothing at Warning. It only
        // ever logs request start/finish (Information) and start-up failures, which the executable reports itself.
        new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "None"),
        new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"),

        // The gateway's access log (one line per request at Information) is off too: console logging of every request
        // costs more than the proxying itself. Turn it on with --Logging:LogLevel:Portico.AccessLog=Information.
        new("Logging:LogLevel:Portico.AccessLog", "Warning"),
    ];

    /// <summary>
    /// One line per message with a UTC timestamp. Applied before the <c>Logging:Console:FormatterOptions</c> section is
    /// bound, so configuration still overrides each value; kept out of that section because the JSON formatter reads it
    /// too, and the timestamp's trailing separator belongs to the simple format only.
    /// </summary>
    public static void SimpleConsole(SimpleConsoleFormatterOptions options)
    {
        options.SingleLine = true;
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
    }

    /// <summary>JSON lines (<c>Logging:Console:FormatterName=json</c>) carry a UTC timestamp too; configuration overrides it.</summary>
    public static void JsonConsole(JsonConsoleFormatterOptions options)
    {
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    }

    /// <summary>
    /// Whether the configuration names no listen address, in any of the ways ASP.NET Core accepts one
    /// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>, <c>Kestrel:Endpoints</c>).
    /// </summary>
    public static bool NoAddressConfigured(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["urls"])
        && string.IsNullOrWhiteSpace(configuration["http_ports"])
        && string.IsNullOrWhiteSpace(configuration["https_ports"])
        && !configuration.GetSection("Kestrel:Endpoints").Exists();
}
