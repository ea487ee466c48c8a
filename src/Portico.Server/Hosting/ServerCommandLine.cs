namespace Portico.Server.Hosting;

/// <summary>
/// The executable's own options. Everything else on the command line (<c>--urls</c>, <c>--environment</c>,
/// <c>--Portico:http-client:connect-timeout=2s</c>) is handed to ASP.NET Core's configuration untouched.
/// </summary>
internal sealed record ServerCommandLine
{
    /// <summary>The configuration file given with <c>--config</c>, or null for the embedded default.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The Linkis conf directory given with <c>--linkis-conf</c>, or null.</summary>
    public string? LinkisConfPath { get; init; }

    /// <summary>
    /// <c>--demo</c> was given: the executable refuses it and points at the demo project (src/Portico.Demo), which
    /// reads the same command line.
    /// </summary>
    public bool Demo { get; init; }

    /// <summary>Print usage and exit.</summary>
    public bool Help { get; init; }

    /// <summary>Print the version and exit.</summary>
    public bool Version { get; init; }

    /// <summary>Arguments left for the host's command-line configuration.</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];

    /// <summary>Why the command line is unusable, or null.</summary>
    public string? Error { get; init; }

    public static ServerCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new ServerCommandLine();
        var hostArgs = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    result = result with { Help = true };
                    continue;
                case "--version":
                    result = result with { Version = true };
                    continue;
                case "--demo":
                    result = result with { Demo = true };
                    continue;
                case "-c" or "--config":
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        return result with { Error = $"{arg} needs a file: {arg} portico.yml" };
                    }

                    result = result with { ConfigPath = args[++i] };
                    continue;
                case "--linkis-conf":
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        return result with { Error = $"{arg} needs a directory: {arg} /opt/linkis/conf" };
                    }

                    result = result with { LinkisConfPath = args[++i] };
                    continue;
            }

            if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                var path = arg["--config=".Length..];
                if (path.Length == 0)
                {
                    return result with { Error = "--config= needs a file: --config=portico.yml" };
                }

                result = result with { ConfigPath = path };
                continue;
            }

            if (arg.StartsWith("--linkis-conf=", StringComparison.Ordinal))
            {
                var directory = arg["--linkis-conf=".Length..];
                if (directory.Length == 0)
                {
                    return result with { Error = "--linkis-conf= needs a directory: --linkis-conf=/opt/linkis/conf" };
                }

                result = result with { LinkisConfPath = directory };
                continue;
            }

            if (HostArgument(args, ref i, hostArgs) is { } error)
            {
                return result with { Error = error };
            }
        }

        return result with { HostArgs = hostArgs };
    }

    /// <summary>The executable's own options, for suggestions.</summary>
    private static readonly string[] OwnOptions = ["--config", "--linkis-conf", "--demo", "--help", "--version"];

    /// <summary>
    /// Host settings the command line may name without a section (ASP.NET Core's own, such as <c>--urls</c>); every
    /// other setting names its section (<c>--Portico:http-client:connect-timeout=2s</c>).
    /// </summary>
    private static readonly string[] HostKeys = ["urls", "environment", "contentRoot", "applicationName", "webroot", "http_ports", "https_ports"];

    /// <summary>
    /// Takes one setting for the host's configuration (with its value when that is the next argument), or says why the
    /// argument is not one: an unknown option or a stray word would otherwise be a setting nothing reads, and the
    /// gateway would start on its built-in configuration as if nothing had been asked.
    /// </summary>
    private static string? HostArgument(IReadOnlyList<string> args, ref int i, List<string> hostArgs)
    {
        var arg = args[i];
        var dashes = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('/') ? 1 : 0;
        var body = arg[dashes..];
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? body : body[..equals];
        if (key.Length == 0 || (dashes == 0 && equals < 0) || arg.StartsWith('-') && dashes == 0)
        {
            var nearest = arg.StartsWith('-') ? Portico.Configuration.UnknownKeys.Nearest(arg, OwnOptions) : null;
            return arg.StartsWith('-')
                ? $"unknown option '{arg}'." + (nearest is null ? "" : $" Did you mean '{nearest}'?")
                : $"unexpected argument '{arg}'. Settings are written --Section:Key=value (e.g. --Portico:http-client:connect-timeout=2s).";
        }

        if (!key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            var nearest = Portico.Configuration.UnknownKeys.Nearest("--" + key, [.. OwnOptions, .. HostKeys.Select(k => "--" + k)]);
            return $"unknown option '{arg}'." + (nearest is null ? " Settings name their section: --Portico:http-client:connect-timeout=2s." : $" Did you mean '{nearest}'?");
        }

        hostArgs.Add(arg);
        if (equals < 0 && dashes > 0)
        {
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return $"'{arg}' needs a value: {arg} VALUE or {arg}=VALUE.";
            }

            hostArgs.Add(args[++i]);
        }

        return null;
    }
}
