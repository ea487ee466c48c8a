using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Portico.Server.Hosting;

/// <summary>
/// Kestrel's connection limits for the executable: <c>Kestrel:Limits:*</c> from configuration (ASP.NET Core binds
/// only endpoints and certificates from the <c>Kestrel</c> section, so these were silently ignored), and, for the two
/// connection counts an operator did not set, a default derived from the process's descriptor limit, so that Kestrel
/// refuses connections before the process runs out of descriptors. Kestrel refuses a connection
/// over <c>MaxConcurrentConnections</c> by closing it at once, and a WebSocket over
/// <c>MaxConcurrentUpgradedConnections</c> is answered 503.
/// </summary>
internal static class ConnectionLimits
{
    /// <summary>The configuration section bound onto <see cref="KestrelServerLimits"/>.</summary>
    public const string SectionName = "Kestrel:Limits";

    /// <summary>
    /// Binds the section onto <paramref name="limits"/> and fills in the connection counts from the descriptor limit
    /// and the descriptors already open where the section does not set them. Returns the limits in force.
    /// </summary>
    public static (long? Connections, long? Upgraded) Apply(IConfiguration configuration, KestrelServerLimits limits, long? descriptorLimit, long openDescriptors)
    {
        var section = configuration.GetSection(SectionName);
        section.Bind(limits);
        if (DefaultFor(descriptorLimit, openDescriptors) is { } fallback)
        {
            if (section[nameof(KestrelServerLimits.MaxConcurrentConnections)] is null)
            {
                limits.MaxConcurrentConnections = fallback;
            }

            if (section[nameof(KestrelServerLimits.MaxConcurrentUpgradedConnections)] is null)
            {
                limits.MaxConcurrentUpgradedConnections = fallback;
            }
        }

        return (limits.MaxConcurrentConnections, limits.MaxConcurrentUpgradedConnections);
    }

    /// <summary>
    /// The default for each of the two connection limits in a process limited to <paramref name="descriptorLimit"/>
    /// descriptors with <paramref name="openDescriptors"/> open after start-up (every loaded assembly holds one), or
    /// null (no limit) when the limit is unknown or unlimited. An eighth of the limit (at least 64) is kept for
    /// files, logs, the runtime and pooled upstream connections; the rest is split evenly between HTTP connections and
    /// WebSockets (Kestrel counts them separately), each taken as two descriptors, the client's and the upstream's.
    /// </summary>
    public static long? DefaultFor(long? descriptorLimit, long openDescriptors)
    {
        if (descriptorLimit is not { } limit || limit <= 0 || limit >= int.MaxValue)
        {
            return null;
        }

        var available = limit - openDescriptors - Math.Max(64, limit / 8);
        return Math.Max(1, available / 4);
    }

    /// <summary>How many descriptors the process has open (<c>/proc/self/fd</c>), or 0 where that cannot be read.</summary>
    public static long CountOpenDescriptors(string path = "/proc/self/fd")
    {
        try
        {
            return Directory.Exists(path) ? Directory.EnumerateFileSystemEntries(path).LongCount() : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The soft limit on open descriptors (<c>ulimit -n</c>) from <c>/proc/self/limits</c>, or null where that file
    /// does not exist (not Linux) or says <c>unlimited</c>.
    /// </summary>
    public static long? ReadDescriptorLimit(string path = "/proc/self/limits")
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
