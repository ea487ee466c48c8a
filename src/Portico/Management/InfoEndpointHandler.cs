using System.Reflection;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Management;

/// <summary><c>GET /actuator/info</c>: the build version and the configuration in force.</summary>
internal sealed class InfoEndpointHandler(IGatewaySnapshotProvider snapshots, GatewayLifecycle lifecycle)
{
    /// <summary>Portico's informational version (with the source revision when the build recorded one).</summary>
    internal static readonly string Version =
        typeof(GatewayExchange).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(GatewayExchange).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public Task InfoAsync(HttpContext context) =>
        ActuatorJson.WriteAsync(context, StatusCodes.Status200OK, (snapshots.Current, lifecycle.StartedAt), static (json, s) =>
        {
            var (snapshot, startedAt) = s;
            json.WriteStartObject();
            json.WriteStartObject("build");
            json.WriteString("name", "Portico");
            json.WriteString("version", Version);
            json.WriteEndObject();
            json.WriteStartObject("gateway");
            json.WriteNumber("generation", snapshot.Generation);
            json.WriteNumber("routeCount", snapshot.Routes.Routes.Count);
            json.WriteString("configLoadedAt", snapshot.LoadedAt);
            json.WriteString("startedAt", startedAt);
            json.WriteEndObject();
            json.WriteEndObject();
        });
}
