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
internal sealed partial class NativeRegistryEndpoints(ServiceRegistry registry, RegistryAccess access, ILogger<NativeRegistryEndpoints> logger)
{
    public const string Prefix = "/portico/registry";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<NativeRegistryEndpoints>();
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("/apps", handler.GetAllAsync);
        group.MapGet("/apps/{app}", handler.GetAppAsync);
        group.MapGet("/apps/{app}/{id}", handler.GetInstanceAsync);
        group.MapPut("/apps/{app}/{id}", handler.RegisterAsync);
        group.MapDelete("/apps/{app}/{id}", handler.CancelAsync);
        group.MapPost("/apps/{app}/{id}/heartbeat", handler.HeartbeatAsync);
        group.MapPut("/apps/{app}/{id}/status", handler.OverrideStatusAsync);
        group.MapDelete("/apps/{app}/{id}/status", handler.ClearStatusAsync);
        group.MapPatch("/apps/{app}/{id}/metadata", handler.UpdateMetadataAsync);
    }

    private async Task GetAllAsync(HttpContext context)
    {
        if (!await access.AuthorizeAsync(context, write: false))
        {
            return;
        }

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
        if (!await access.AuthorizeAsync(context, write: false))
        {
            return;
        }

        var app = RegistryHttp.Route(context, "app");
        var instances = registry.Current.GetInstances(app);
        if (instances.Count == 0)
        {
            await RegistryHttp.WriteProblemAsync(context, 404, $"Application '{app}' is not registered.", null);
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, 200, json => WriteApp(json, instances[0].AppName, instances));
    }

    private async Task GetInstanceAsync(HttpContext context)
    {
        if (!await access.AuthorizeAsync(context, write: false))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
        var instance = registry.Current.Find(app, id);
        if (instance is null)
        {
            await RegistryHttp.WriteProblemAsync(context, 404, $"Instance '{id}' of '{app}' is not registered.", null);
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, 200, json => InstanceJson.Write(json, instance));
    }

    private async Task RegisterAsync(HttpContext context)
    {
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
        if (RegistryHttp.BodyKind(context.Request) != "json")
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{context.Request.ContentType}' is not supported; send application/json.", null);
            return;
        }

        var body = await RegistryHttp.ReadBodyAsync(context);
        if (body is null)
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The registration is larger than {RegistryHttp.MaxBodyBytes / 1024} KiB.", null);
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
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
        var renewed = await registry.RenewAsync(app, id, context.RequestAborted);
        await WriteResultAsync(context, renewed, app, id, "register it again with PUT");
    }

    private async Task CancelAsync(HttpContext context)
    {
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
        if (!await registry.CancelAsync(app, id, context.RequestAborted))
        {
            await RegistryHttp.WriteProblemAsync(context, 404, $"Instance '{id}' of '{app}' is not registered.", null);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task OverrideStatusAsync(HttpContext context)
    {
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
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
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
        var changed = await registry.ClearStatusOverrideAsync(app, id, null, context.RequestAborted);
        await WriteResultAsync(context, changed, app, id, "register it first");
    }

    private async Task UpdateMetadataAsync(HttpContext context)
    {
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return;
        }

        var (app, id) = (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "id"));
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

        if (registry.Current.Find(app, id) is { } current)
        {
            var merged = new Dictionary<string, string>(current.Metadata, StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                merged[key] = value;
            }

            var problems = InstanceValidator.Validate(current with { Metadata = merged });
            if (problems.Count > 0)
            {
                await BadRequestAsync(context, "metadata", problems[0].Message);
                return;
            }
        }

        var changed = await registry.UpdateMetadataAsync(app, id, entries, context.RequestAborted);
        await WriteResultAsync(context, changed, app, id, "register it first");
    }

    private static async Task WriteResultAsync(HttpContext context, ServiceInstance? instance, string app, string id, string fix)
    {
        if (instance is null)
        {
            await RegistryHttp.WriteProblemAsync(context, 404, $"Instance '{id}' of '{app}' is not registered; {fix}.", null);
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

    private Task BadRequestAsync(HttpContext context, string field, string message)
    {
        LogRejected(logger, context.Request.Path.Value ?? "", field, message);
        return RegistryHttp.WriteProblemAsync(context, StatusCodes.Status400BadRequest, $"{field} {message}", field);
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 80, Level = LogLevel.Information, Message = "Rejected registry request {Path}: {Field} {Problem}")]
    private static partial void LogRejected(ILogger logger, string path, string field, string problem);
}
