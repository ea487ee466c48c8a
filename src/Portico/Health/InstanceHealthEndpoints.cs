using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portico.LoadBalancing;

namespace Portico.Health;

/// <summary>
/// <c>GET /actuator/gateway/instances[?service=id]</c>: every registered instance with its registry status, health,
/// active-check state, ejection, requests in flight and the reason for its last health change.
/// </summary>
internal static class InstanceHealthEndpoints
{
    public const string Path = "/actuator/gateway/instances";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, WriteAsync).WithDisplayName("Portico instance health");

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
