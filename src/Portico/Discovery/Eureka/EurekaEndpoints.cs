using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portico.Discovery.Eureka;

/// <summary>
/// Eureka's REST API served by the gateway, under <c>/eureka</c> and <c>/eureka/v2</c>, so services that already
/// speak Eureka (Spring Cloud Netflix, Linkis, eureka-js-client) register with Portico unchanged:
/// <list type="bullet">
/// <item><c>POST apps/{app}</c> register (JSON or XML body; 204), <c>PUT apps/{app}/{id}</c> renew (200, or 404 so the
/// client registers again), <c>DELETE apps/{app}/{id}</c> cancel (200).</item>
/// <item><c>PUT apps/{app}/{id}/status?value=OUT_OF_SERVICE</c> override, <c>DELETE apps/{app}/{id}/status</c> remove it,
/// <c>PUT apps/{app}/{id}/metadata?key=value</c> update metadata.</item>
/// <item><c>GET apps</c>, <c>apps/delta</c>, <c>apps/{app}</c>, <c>apps/{app}/{id}</c>, <c>instances/{id}</c>,
/// <c>vips/{vip}</c>, <c>svips/{svip}</c> in JSON, or XML when the client asks for it.</item>
/// </list>
/// </summary>
internal sealed partial class EurekaEndpoints(ServiceRegistry registry, ILogger<EurekaEndpoints> logger)
{
    public static readonly string[] Prefixes = ["/eureka", "/eureka/v2"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<EurekaEndpoints>();
        var access = endpoints.ServiceProvider.GetRequiredService<RegistryAccess>();
        foreach (var prefix in Prefixes)
        {
            var group = endpoints.MapGroup(prefix);
            group.MapGet("/apps", access.Guard(handler.GetAllAsync));
            group.MapGet("/apps/delta", access.Guard(handler.GetDeltaAsync));
            group.MapGet("/apps/{app}", access.Guard(handler.GetAppAsync));
            group.MapPost("/apps/{app}", access.Guard(handler.RegisterAsync));
            group.MapGet("/apps/{app}/{id}", access.Guard(handler.GetInstanceAsync));
            group.MapPut("/apps/{app}/{id}", access.Guard(handler.RenewAsync));
            group.MapDelete("/apps/{app}/{id}", access.Guard(handler.CancelAsync));
            group.MapPut("/apps/{app}/{id}/status", access.Guard(handler.OverrideStatusAsync));
            group.MapDelete("/apps/{app}/{id}/status", access.Guard(handler.ClearStatusAsync));
            group.MapPut("/apps/{app}/{id}/metadata", access.Guard(handler.UpdateMetadataAsync));
            group.MapGet("/instances/{id}", access.Guard(handler.GetInstanceByIdAsync));
            group.MapGet("/vips/{vip}", access.Guard(context => handler.GetByVipAsync(context, secure: false)));
            group.MapGet("/svips/{vip}", access.Guard(context => handler.GetByVipAsync(context, secure: true)));
        }
    }

    private Task GetAllAsync(HttpContext context) => WriteApplicationsAsync(context, EurekaFormat.Full(registry.Current));

    private Task GetDeltaAsync(HttpContext context) => WriteApplicationsAsync(context, EurekaFormat.Delta(registry.Delta));

    private async Task GetAppAsync(HttpContext context)
    {
        if (await RegistryHttp.FindApplicationAsync(context, registry.Current) is not { } instances)
        {
            return;
        }

        if (RegistryHttp.WantsXml(context.Request))
        {
            await RegistryHttp.WriteBytesAsync(context, 200, "application/xml", EurekaXml.WriteApplication(instances[0].AppName, instances));
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("application");
            EurekaJson.WriteApplication(json, instances[0].AppName, instances);
            json.WriteEndObject();
        });
    }

    private async Task GetInstanceAsync(HttpContext context)
    {
        if (await RegistryHttp.FindInstanceAsync(context, registry.Current) is { } instance)
        {
            await WriteInstanceAsync(context, instance);
        }
    }

    private async Task GetInstanceByIdAsync(HttpContext context)
    {
        var id = RegistryHttp.Route(context, "id");
        foreach (var instance in registry.Current.All)
        {
            if (string.Equals(instance.InstanceId, id, StringComparison.Ordinal))
            {
                await WriteInstanceAsync(context, instance);
                return;
            }
        }

        await RegistryHttp.NotFoundAsync(context, $"Instance '{id}' is not registered.");
    }

    private async Task GetByVipAsync(HttpContext context, bool secure)
    {
        var vip = RegistryHttp.Route(context, "vip");
        var snapshot = registry.Current;
        var apps = new List<EurekaApplication>();
        var matched = new List<ServiceInstance>();
        foreach (var name in snapshot.Applications)
        {
            var entries = new List<(ServiceInstance, DeltaAction)>();
            foreach (var instance in snapshot.GetInstances(name))
            {
                var addresses = secure ? EurekaFormat.SecureVipAddress(instance) : EurekaFormat.VipAddress(instance);
                foreach (var address in addresses.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (string.Equals(address, vip, StringComparison.OrdinalIgnoreCase))
                    {
                        entries.Add((instance, DeltaAction.Added));
                        matched.Add(instance);
                        break;
                    }
                }
            }

            if (entries.Count > 0)
            {
                apps.Add(new EurekaApplication(name, entries));
            }
        }

        if (apps.Count == 0)
        {
            await RegistryHttp.NotFoundAsync(context, $"No instance has the {(secure ? "secure " : "")}VIP address '{vip}'.");
            return;
        }

        await WriteApplicationsAsync(context, new EurekaApplications(snapshot.Version, EurekaFormat.HashCode(matched), apps));
    }

    private async Task RegisterAsync(HttpContext context)
    {
        var app = RegistryHttp.Route(context, "app");
        if (await RegistryHttp.ReadRegistrationAsync(context, acceptXml: true) is not var (body, kind))
        {
            return;
        }

        if (body.Length == 0)
        {
            await BadRequestAsync(context, "instance", "is missing; send the instance as {\"instance\":{...}} or <instance>...</instance>.");
            return;
        }

        ServiceInstance candidate;
        try
        {
            var fields = kind == "xml" ? EurekaXml.ReadInstance(body) : EurekaJson.ReadInstance(body);
            candidate = EurekaInstanceMapper.ToServiceInstance(fields, app, ServiceRegistry.EurekaSource);
        }
        catch (EurekaFormatException ex)
        {
            await BadRequestAsync(context, ex.Field, ex.Message);
            return;
        }

        var problems = InstanceValidator.Validate(candidate);
        if (problems.Count > 0)
        {
            await BadRequestAsync(context, FieldName(problems[0].Field), problems[0].Message);
            return;
        }

        await registry.RegisterAsync(candidate, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task RenewAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);

        // Eureka's dirty-timestamp rule: a client whose registration changed since it last registered gets 404 and
        // registers again, so the registry never keeps stale details.
        var current = registry.Current.Find(app, id);
        if (current is not null
            && long.TryParse(context.Request.Query["lastDirtyTimestamp"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var dirty)
            && current.Details.LastDirtyTimestamp is { } known && dirty > known)
        {
            LogStaleRenewal(logger, app, id);
            await RegistryHttp.NotFoundAsync(context, $"Instance '{id}' of '{app}' changed since it registered; register it again.");
            return;
        }

        var renewed = await registry.RenewAsync(app, id, context.RequestAborted);
        await AnswerChangeAsync(context, renewed is not null, app, id, "register it again");
    }

    private async Task CancelAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        var cancelled = await registry.CancelAsync(app, id, context.RequestAborted);
        await AnswerChangeAsync(context, cancelled, app, id);
    }

    private async Task OverrideStatusAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        string? value = context.Request.Query["value"];
        if (!InstanceValidator.TryParseStatus(value, out var status))
        {
            await BadRequestAsync(context, "value", $"'{value}' is not a status; use {InstanceValidator.StatusChoices}.");
            return;
        }

        var changed = await registry.SetStatusOverrideAsync(app, id, status, context.RequestAborted);
        await AnswerChangeAsync(context, changed is not null, app, id);
    }

    private async Task ClearStatusAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        string? value = context.Request.Query["value"];
        InstanceStatus? newStatus = null;
        if (!string.IsNullOrEmpty(value))
        {
            if (!InstanceValidator.TryParseStatus(value, out var parsed))
            {
                await BadRequestAsync(context, "value", $"'{value}' is not a status; use {InstanceValidator.StatusChoices}.");
                return;
            }

            newStatus = parsed;
        }

        var changed = await registry.ClearStatusOverrideAsync(app, id, newStatus, context.RequestAborted);
        await AnswerChangeAsync(context, changed is not null, app, id);
    }

    private async Task UpdateMetadataAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in context.Request.Query)
        {
            entries[key] = values.ToString();
        }

        if (entries.Count == 0)
        {
            await BadRequestAsync(context, "query", "has no metadata; send entries as ?key=value.");
            return;
        }

        if (!await RegistryHttp.CheckMetadataPatchAsync(context, logger, registry.Current, entries))
        {
            return;
        }

        var changed = await registry.UpdateMetadataAsync(app, id, entries, context.RequestAborted);
        await AnswerChangeAsync(context, changed is not null, app, id);
    }

    /// <summary>Eureka answers a change with an empty 200, or 404 when the instance is not registered.</summary>
    private static Task AnswerChangeAsync(HttpContext context, bool found, string app, string id, string? fix = null)
    {
        if (!found)
        {
            return RegistryHttp.InstanceNotFoundAsync(context, app, id, fix);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private static async Task WriteApplicationsAsync(HttpContext context, EurekaApplications apps)
    {
        if (RegistryHttp.WantsXml(context.Request))
        {
            await RegistryHttp.WriteBytesAsync(context, 200, "application/xml", EurekaXml.WriteApplications(apps));
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, 200, json => EurekaJson.WriteApplications(json, apps));
    }

    private static async Task WriteInstanceAsync(HttpContext context, ServiceInstance instance)
    {
        if (RegistryHttp.WantsXml(context.Request))
        {
            await RegistryHttp.WriteBytesAsync(context, 200, "application/xml", EurekaXml.WriteInstance(instance));
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("instance");
            EurekaJson.WriteInstance(json, instance, DeltaAction.Added);
            json.WriteEndObject();
        });
    }

    private Task BadRequestAsync(HttpContext context, string field, string message) =>
        RegistryHttp.BadRequestAsync(context, logger, field, message);

    private static string FieldName(InstanceField field) => field switch
    {
        InstanceField.App => "instance.app",
        InstanceField.Id => "instance.instanceId",
        InstanceField.Host => "instance.hostName",
        InstanceField.Port => "instance.port",
        InstanceField.Scheme => "instance.securePort",
        InstanceField.Weight => "instance.metadata.weight",
        InstanceField.Status => "instance.status",
        InstanceField.LeaseDuration => "instance.leaseInfo.durationInSecs",
        InstanceField.Details => "instance",
        _ => "instance.metadata",
    };

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 51, Level = LogLevel.Debug, Message = "Heartbeat of instance {InstanceId} of {App} carries a newer dirty timestamp; asking it to register again")]
    private static partial void LogStaleRenewal(ILogger logger, string app, string instanceId);
}
