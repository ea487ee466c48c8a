using System.Reflection;

namespace Portico.Server;

/// <summary>The executable's name and version.</summary>
internal static class ServerInfo
{
    /// <summary>The product version, with the source revision when the build recorded one.</summary>
    public static string Version { get; } =
        typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ServerInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
