using Portico.Configuration;

namespace Portico.Server.Hosting;

/// <summary>
/// Where socket completions run. By default .NET hands every completed socket operation from its event thread to the
/// thread pool; for a proxy, whose every request waits on two sockets, those hand-offs are most of the scheduling cost
/// (measured with <c>bench/profile.sh</c>: about 90 µs of CPU per proxied 100-byte request with hand-offs, about 55 µs
/// without). The portico executable therefore runs the continuations on the event thread (<c>Server:InlineSocketCompletions</c>,
/// default on). That is safe because the gateway never blocks a request thread: the only long CPU work on the request
/// path, password hashing, moves to the thread pool itself.
/// </summary>
internal static class SocketCompletions
{
    /// <summary>The runtime's switch, read once when the first socket is created.</summary>
    public const string EnvironmentVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The configuration key that turns inline completions off.</summary>
    public const string ConfigKey = "Server:InlineSocketCompletions";

    /// <summary>Whether completions run inline: the runtime's switch as this process has it.</summary>
    public static bool Inline => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>
    /// Applies the setting before any socket exists (the runtime reads its switch once). An operator's own
    /// <see cref="EnvironmentVariable"/> wins over the configuration. Returns whether completions run inline; a value
    /// that is not a boolean is reported in <paramref name="errors"/>.
    /// </summary>
    public static bool Apply(IConfiguration configuration, List<ConfigError> errors)
    {
        var text = configuration[ConfigKey];
        var inline = true;
        if (!string.IsNullOrWhiteSpace(text) && !bool.TryParse(text, out inline))
        {
            errors.Add(new ConfigError(null, ConfigKey, $"'{text}' is not a boolean.", "Write true or false."));
            return false;
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } explicitValue)
        {
            return explicitValue == "1";
        }

        if (inline)
        {
            Environment.SetEnvironmentVariable(EnvironmentVariable, "1");
        }

        return inline;
    }
}
