using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portico.LoadBalancing;
using Portico.Management;

namespace Portico.Health;

/// <summary>
/// <c>GET /actuator/gateway/instances[?service=id]</c>: every registered instance with its registry status, health,
/// active-check state, ejection, requests in flight and the reason for its last health change. Guarded like every
/// other admin endpoint: read access, and only on the management port when one is set.
/// </summary>
internal static class InstanceHealthEndpoints
{
    public const string Path = ManagementEndpoints.BasePath + "/gateway/instances";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var policy = services.GetRequiredService<ManagementAccessPolicy>();
        var guard = services.GetRequiredService<ManagementGuard>();
        var endpoint = endpoints.MapGet(Path, guard.Wrap(ManagementAccess.Read, WriteAsync)).WithDisplayName("Actuator gateway instances");
        if (policy.Port is { } port)
        {
            endpoint.RequireHost("*:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    internal static async Task WriteAsync(HttpContext context)
    {
        var view = context.RequestServices.GetRequiredService<IInstanceHealthView>();
        var load = context.RequestServices.GetService<InstanceLoadTracker>();
        var service = context.Request.Query["service"].ToString();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var report in view.GetReports())
            {
                if (service.Length > 0 && !string.Equals(service, report.ServiceId, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("service", report.ServiceId);
                json.WriteString("instanceId", report.InstanceId);
                json.WriteString("authority", report.Authority);
                json.WriteString("registryStatus", report.RegistryStatus.ToString().ToUpperInvariant());
                json.WriteBoolean("healthy", report.Healthy);
                json.WriteString("active", report.Active.ToString());
                json.WriteBoolean("ejected", report.EjectedUntil is not null);
                WriteTime(json, "ejectedUntil", report.EjectedUntil);
                json.WriteNumber("ejections", report.Ejections);
                json.WriteNumber("consecutiveFailures", report.ConsecutiveFailures);
                if (load is not null)
                {
                    json.WriteNumber("activeRequests", load.GetActiveRequests(report.ServiceId, report.InstanceId));
                }

                json.WriteString("reason", report.Reason);
                WriteTime(json, "changedAt", report.ChangedAt);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, time);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
