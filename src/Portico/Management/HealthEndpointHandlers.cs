using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portico.Configuration;

namespace Portico.Management;

/// <summary>
/// <c>/actuator/health</c> and its <c>liveness</c> and <c>readiness</c> groups in Spring Boot's shape:
/// <c>{"status":"UP","components":{...}}</c>, 503 when DOWN. Besides the built-in components, every ASP.NET Core
/// health check registered with <c>AddHealthChecks()</c> is a component; checks tagged <c>live</c> or <c>ready</c>
/// also join that group. Components are shown only to clients the management rules let in.
/// </summary>
internal sealed class HealthEndpointHandlers(
    IGatewaySnapshotProvider snapshots,
    GatewayLifecycle lifecycle,
    ManagementAccessPolicy policy,
    HealthCheckService? checks = null)
{
    /// <summary>Spring's status of a healthy component.</summary>
    public const string Up = "UP";

    /// <summary>Spring's status of a failed component.</summary>
    public const string Down = "DOWN";

    /// <summary>Which components a health response covers.</summary>
    internal enum HealthGroup
    {
        All,
        Liveness,
        Readiness,
    }

    public Task HealthAsync(HttpContext context) => WriteAsync(context, HealthGroup.All);

    public Task LivenessAsync(HttpContext context) => WriteAsync(context, HealthGroup.Liveness);

    public Task ReadinessAsync(HttpContext context) => WriteAsync(context, HealthGroup.Readiness);

    /// <summary>The components of <paramref name="group"/>, sorted by name as Spring sorts them.</summary>
    internal async Task<SortedDictionary<string, HealthComponent>> CollectAsync(HealthGroup group, CancellationToken cancellationToken)
    {
        var components = new SortedDictionary<string, HealthComponent>(StringComparer.Ordinal);
        if (group is HealthGroup.All or HealthGroup.Liveness)
        {
            components["livenessState"] = new HealthComponent(Up, null);
        }

        if (group is HealthGroup.All or HealthGroup.Readiness)
        {
            components["readinessState"] = new HealthComponent(lifecycle.IsStopping ? Down : Up, null);
            var snapshot = snapshots.Current;
            var status = snapshots.Status;
            components["gateway"] = new HealthComponent(Up,
            [
                new("generation", snapshot.Generation),
                new("routes", snapshot.Routes.Routes.Count),
                new("lastReloadSucceeded", status.Succeeded),
                new("lastReloadAt", status.AttemptedAt),
            ]);
        }

        if (checks is not null)
        {
            Func<HealthCheckRegistration, bool>? predicate = group switch
            {
                HealthGroup.Liveness => r => r.Tags.Contains("live"),
                HealthGroup.Readiness => r => r.Tags.Contains("ready"),
                _ => null,
            };
            var report = await checks.CheckHealthAsync(predicate, cancellationToken);
            foreach (var (name, entry) in report.Entries)
            {
                // Exceptions stay in the logs: the response shows the check's own description and data only.
                var details = new List<KeyValuePair<string, object?>>();
                if (!string.IsNullOrEmpty(entry.Description))
                {
                    details.Add(new("description", entry.Description));
                }

                if (entry.Status == HealthStatus.Degraded)
                {
                    details.Add(new("degraded", true));
                }

                foreach (var (key, value) in entry.Data)
                {
                    details.Add(new(key, value));
                }

                components[name] = new HealthComponent(entry.Status == HealthStatus.Unhealthy ? Down : Up, details.Count > 0 ? details : null);
            }
        }

        return components;
    }

    private async Task WriteAsync(HttpContext context, HealthGroup group)
    {
        var components = await CollectAsync(group, context.RequestAborted);
        var overall = Up;
        foreach (var component in components.Values)
        {
            if (component.Status == Down)
            {
                overall = Down;
            }
        }

        var showComponents = policy.IsClientAllowed(context);
        await ActuatorJson.WriteAsync(
            context,
            overall == Down ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
            (overall, showComponents ? components : null),
            static (json, s) => Write(json, s.overall, s.Item2));
    }

    private static void Write(Utf8JsonWriter json, string status, SortedDictionary<string, HealthComponent>? components)
    {
        json.WriteStartObject();
        json.WriteString("status", status);
        if (components is not null)
        {
            json.WriteStartObject("components");
            foreach (var (name, component) in components)
            {
                json.WriteStartObject(name);
                json.WriteString("status", component.Status);
                if (component.Details is not null)
                {
                    json.WriteStartObject("details");
                    foreach (var (key, value) in component.Details)
                    {
                        json.WritePropertyName(key);
                        ActuatorJson.WriteValue(json, value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>One component of a health response.</summary>
    internal sealed record HealthComponent(string Status, IReadOnlyList<KeyValuePair<string, object?>>? Details);
}
