using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portico.Discovery.Native;

/// <summary>
/// Portico's own registry API, under <c>/portico/registry</c>. Every body and response is JSON; errors are
/// <c>application/problem+json</c> with a <c>field</c> member naming what was wrong.
/// <list type="bullet">
/// <item><c>GET apps</c> - every application: <c>{"version", "apps":[{"name","instances":[...]}]}</c>.</item>
/// <item><c>GET apps/{app}</c>, <c>GET apps/{app}/{id}</c> - one application or instance (404 when unknown).</item>
/// <item><c>PUT apps/{app}/{id}</c> - register with <c>{"host","port","scheme","status","weight","metadata",
/// "leaseDurationSeconds","renewalIntervalSeconds","healthCheckUrl"}</c> (host and port required): 201 when new,
/// 200 when it replaced an earlier registration.</item>
/// <item><c>POST apps/{app}/{id}/heartbeat</c> - renew the lease (404: register again).</item>
/// <item><c>DELETE apps/{app}/{id}</c> - deregister at once (204).</item>
/// <item><c>PUT apps/{app}/{id}/status</c> with <c>{"status":"OUT_OF_SERVICE"}</c> - override the status;
/// <c>DELETE apps/{app}/{id}/status</c> removes the override.</item>
/// <item><c>PATCH apps/{app}/{id}/metadata</c> with <c>{"key":"value"}</c> - add or replace metadata entries.</item>
/// </list>
/// </summary>
internal sealed class NativeRegistryEndpoints(ServiceRegistry registry, ILogger<NativeRegistryEndpoints> logger)
{
    public const string Prefix = "/portico/registry";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<NativeRegistryEndpoints>();
        var access = endpoints.ServiceProvider.GetRequiredService<RegistryAccess>();
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("/apps", access.Guard(handler.GetAllAsync));
        group.MapGet("/apps/{app}", access.Guard(handler.GetAppAsync));
        group.MapGet("/apps/{app}/{id}", access.Guard(handler.GetInstanceAsync));
        group.MapPut("/apps/{app}/{id}", access.Guard(handler.RegisterAsync));
        group.MapDelete("/apps/{app}/{id}", access.Guard(handler.CancelAsync));
        group.MapPost("/apps/{app}/{id}/heartbeat", access.Guard(handler.HeartbeatAsync));
        group.MapPut("/apps/{app}/{id}/status", access.Guard(handler.OverrideStatusAsync));
        group.MapDelete("/apps/{app}/{id}/status", access.Guard(handler.ClearStatusAsync));
        group.MapPatch("/apps/{app}/{id}/metadata", access.Guard(handler.UpdateMetadataAsync));
    }

    private async Task GetAllAsync(HttpContext context)
    {
        var snapshot = registry.Current;
        var names = new List<string>(snapshot.Applications);
        names.Sort(StringComparer.OrdinalIgnoreCase);
        await RegistryHttp.WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", snapshot.Version);
            json.WriteStartArray("apps");
            foreach (var name in names)
            {
                WriteApp(json, name, snapshot.GetInstances(name));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task GetAppAsync(HttpContext context)
    {
        if (await RegistryHttp.FindApplicationAsync(context, registry.Current) is { } instances)
        {
            await RegistryHttp.WriteJsonAsync(context, 200, json => WriteApp(json, instances[0].AppName, instances));
        }
    }

    private async Task GetInstanceAsync(HttpContext context)
    {
        if (await RegistryHttp.FindInstanceAsync(context, registry.Current) is { } instance)
        {
            await RegistryHttp.WriteJsonAsync(context, 200, json => InstanceJson.Write(json, instance));
        }
    }

    private async Task RegisterAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        if (await RegistryHttp.ReadRegistrationAsync(context, acceptXml: false) is not var (body, _))
        {
            return;
        }

        ServiceInstance candidate;
        try
        {
            candidate = NativeRegistration.Read(body, app, id);
        }
        catch (NativeFormatException ex)
        {
            await BadRequestAsync(context, ex.Field, ex.Message);
            return;
        }

        var problems = InstanceValidator.Validate(candidate);
        if (problems.Count > 0)
        {
            await BadRequestAsync(context, NativeRegistration.FieldName(problems[0].Field), problems[0].Message);
            return;
        }

        var result = await registry.RegisterAsync(candidate, context.RequestAborted);
        await RegistryHttp.WriteJsonAsync(context, result.Replaced ? 200 : 201, json => InstanceJson.Write(json, result.Instance));
    }

    private async Task HeartbeatAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        var renewed = await registry.RenewAsync(app, id, context.RequestAborted);
        await WriteResultAsync(context, renewed, app, id, "register it again with PUT");
    }

    private async Task CancelAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        if (!await registry.CancelAsync(app, id, context.RequestAborted))
        {
            await RegistryHttp.InstanceNotFoundAsync(context, app, id);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task OverrideStatusAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        var body = await RegistryHttp.ReadBodyAsync(context);
        InstanceStatus status;
        try
        {
            status = NativeRegistration.ReadStatus(body);
        }
        catch (NativeFormatException ex)
        {
            await BadRequestAsync(context, ex.Field, ex.Message);
            return;
        }

        var changed = await registry.SetStatusOverrideAsync(app, id, status, context.RequestAborted);
        await WriteResultAsync(context, changed, app, id, "register it first");
    }

    private async Task ClearStatusAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        var changed = await registry.ClearStatusOverrideAsync(app, id, null, context.RequestAborted);
        await WriteResultAsync(context, changed, app, id, "register it first");
    }

    private async Task UpdateMetadataAsync(HttpContext context)
    {
        var (app, id) = RegistryHttp.InstanceRoute(context);
        var body = await RegistryHttp.ReadBodyAsync(context);
        Dictionary<string, string> entries;
        try
        {
            entries = NativeRegistration.ReadMetadataPatch(body);
        }
        catch (NativeFormatException ex)
        {
            await BadRequestAsync(context, ex.Field, ex.Message);
            return;
        }

        if (!await RegistryHttp.CheckMetadataPatchAsync(context, logger, registry.Current, entries))
        {
            return;
        }

        var changed = await registry.UpdateMetadataAsync(app, id, entries, context.RequestAborted);
        await WriteResultAsync(context, changed, app, id, "register it first");
    }

    private static async Task WriteResultAsync(HttpContext context, ServiceInstance? instance, string app, string id, string fix)
    {
        if (instance is null)
        {
            await RegistryHttp.InstanceNotFoundAsync(context, app, id, fix);
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, 200, json => InstanceJson.Write(json, instance));
    }

    private static void WriteApp(Utf8JsonWriter json, string name, IReadOnlyList<ServiceInstance> instances)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteStartArray("instances");
        foreach (var instance in instances)
        {
            InstanceJson.Write(json, instance);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private Task BadRequestAsync(HttpContext context, string field, string message) =>
        RegistryHttp.BadRequestAsync(context, logger, field, message);
}
