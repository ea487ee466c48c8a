using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.Errors;

namespace Portico.Labels;

/// <summary>
/// Portico's own label API, under <c>/portico/labels</c>, guarded like the registry API (loopback or trusted networks,
/// with the registry's credentials when set). Bodies and answers are JSON; errors are <c>application/problem+json</c>
/// with a <c>field</c> member naming what was wrong, and a refused change leaves the store as it was.
/// <list type="bullet">
/// <item><c>GET /portico/labels[?app=name]</c> - every instance the store knows (or those of one application).</item>
/// <item><c>GET /portico/labels/{key}/{value}</c> - the instances carrying a label.</item>
/// <item><c>GET instances/{app}/{instance}</c> - one instance's labels (404 when unknown); <c>GET .../{key}</c> - one label.</item>
/// <item><c>PUT instances/{app}/{instance}</c> with <c>{"route":"et1",...}</c> - replace its labels.</item>
/// <item><c>POST instances/{app}/{instance}</c> with <c>{"tenant":"a"}</c> - add labels (409 for a key it carries).</item>
/// <item><c>PUT instances/{app}/{instance}/{key}</c> with <c>{"value":"et2"}</c> - set one label.</item>
/// <item><c>DELETE instances/{app}/{instance}/{key}</c> - remove one label; <c>DELETE instances/{app}/{instance}</c> - forget the instance.</item>
/// </list>
/// The instance is written as the registry lists it, <c>host:port</c>.
/// </summary>
internal sealed partial class LabelEndpoints(ILabelStore labels, ILogger<LabelEndpoints> logger)
{
    public const string Prefix = "/portico/labels";

    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 8 };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<LabelEndpoints>();
        var access = endpoints.ServiceProvider.GetRequiredService<RegistryAccess>();
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("", access.Guard(handler.GetAllAsync));
        group.MapGet("/instances/{app}/{instance}", access.Guard(handler.GetInstanceAsync));
        group.MapPut("/instances/{app}/{instance}", access.Guard(handler.ReplaceAsync));
        group.MapPost("/instances/{app}/{instance}", access.Guard(handler.AddAsync));
        group.MapDelete("/instances/{app}/{instance}", access.Guard(handler.RemoveInstanceAsync));
        group.MapGet("/instances/{app}/{instance}/{key}", access.Guard(handler.GetLabelAsync));
        group.MapPut("/instances/{app}/{instance}/{key}", access.Guard(handler.SetAsync));
        group.MapDelete("/instances/{app}/{instance}/{key}", access.Guard(handler.RemoveAsync));
        group.MapGet("/{key}/{value}", access.Guard(handler.FindAsync));
    }

    private async Task GetAllAsync(HttpContext context)
    {
        var snapshot = labels.Current;
        var app = context.Request.Query["app"].ToString();
        var entries = app.Length > 0 ? snapshot.OfApplication(app) : snapshot.All;
        await RegistryHttp.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", snapshot.Version);
            json.WriteStartArray("instances");
            foreach (var entry in entries)
            {
                WriteInstance(json, entry);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task GetInstanceAsync(HttpContext context)
    {
        var (app, instance) = Target(context);
        if (labels.Current.Find(app, instance) is not { } entry)
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status404NotFound, $"The label store has no instance '{instance}' of '{app}'.", "instance");
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, StatusCodes.Status200OK, json => WriteInstance(json, entry));
    }

    private async Task GetLabelAsync(HttpContext context)
    {
        var (app, instance) = Target(context);
        var key = RegistryHttp.Route(context, "key");
        var entry = labels.Current.Find(app, instance);
        if (entry?.ValueOf(key) is not { } value)
        {
            await RegistryHttp.WriteProblemAsync(
                context,
                StatusCodes.Status404NotFound,
                entry is null ? $"The label store has no instance '{instance}' of '{app}'." : $"Instance '{instance}' of '{app}' carries no label '{key}'.",
                entry is null ? "instance" : "key");
            return;
        }

        await RegistryHttp.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteString("value", value);
            json.WriteEndObject();
        });
    }

    private async Task FindAsync(HttpContext context)
    {
        var key = RegistryHttp.Route(context, "key");
        var value = RegistryHttp.Route(context, "value");
        var found = labels.Current.FindInstances(key, value);
        await RegistryHttp.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteString("value", value);
            json.WriteStartArray("instances");
            foreach (var holder in found)
            {
                json.WriteStartObject();
                json.WriteString("application", holder.Application);
                json.WriteString("instance", holder.Instance);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private Task ReplaceAsync(HttpContext context) =>
        ChangeWithBodyAsync(context, static (store, app, instance, body, ct) => store.ReplaceAsync(app, instance, body, ct), "replaced the labels of");

    private Task AddAsync(HttpContext context) =>
        ChangeWithBodyAsync(context, static (store, app, instance, body, ct) => store.AddAsync(app, instance, body, ct), "added labels to");

    private async Task SetAsync(HttpContext context)
    {
        if (await ReadBodyAsync(context) is not { } body)
        {
            return;
        }

        var key = RegistryHttp.Route(context, "key");
        string value;
        try
        {
            value = ReadValue(body);
        }
        catch (LabelBodyFieldException ex)
        {
            await BadRequestAsync(context, ex.Field, ex.Message);
            return;
        }

        var (app, instance) = Target(context);
        var result = await labels.SetAsync(app, instance, new InstanceLabel(key, value), context.RequestAborted);
        await AnswerAsync(context, result, app, instance, "set a label of");
    }

    private async Task RemoveAsync(HttpContext context)
    {
        var (app, instance) = Target(context);
        var key = RegistryHttp.Route(context, "key");
        var result = await labels.RemoveAsync(app, instance, key, context.RequestAborted);
        await AnswerAsync(context, result, app, instance, $"removed label '{key}' of");
    }

    private async Task RemoveInstanceAsync(HttpContext context)
    {
        var (app, instance) = Target(context);
        var result = await labels.RemoveInstanceAsync(app, instance, context.RequestAborted);
        if (result.Error is { } error)
        {
            await ProblemAsync(context, error);
            return;
        }

        LogChanged(logger, "removed", app, instance, context.Connection.RemoteIpAddress);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task ChangeWithBodyAsync(
        HttpContext context,
        Func<ILabelStore, string, string, IReadOnlyList<InstanceLabel>, CancellationToken, ValueTask<LabelChangeResult>> change,
        string action)
    {
        if (await ReadBodyAsync(context) is not { } body)
        {
            return;
        }

        List<InstanceLabel> requested;
        try
        {
            requested = ReadLabels(body);
        }
        catch (LabelBodyFieldException ex)
        {
            await BadRequestAsync(context, ex.Field, ex.Message);
            return;
        }

        var (app, instance) = Target(context);
        var result = await change(labels, app, instance, requested, context.RequestAborted);
        await AnswerAsync(context, result, app, instance, action);
    }

    private async Task AnswerAsync(HttpContext context, LabelChangeResult result, string app, string instance, string action)
    {
        if (result.Error is { } error)
        {
            await ProblemAsync(context, error);
            return;
        }

        LogChanged(logger, action, app, instance, context.Connection.RemoteIpAddress);
        await RegistryHttp.WriteJsonAsync(context, StatusCodes.Status200OK, json => WriteInstance(json, result.Instance!));
    }

    /// <summary>The body of a write, or null after answering 415 or 413.</summary>
    private static async ValueTask<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (RegistryHttp.BodyKind(context.Request) != "json")
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{context.Request.ContentType}' is not supported; send application/json.", "body");
            return null;
        }

        var body = await RegistryHttp.ReadBodyAsync(context);
        if (body is null)
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {RegistryHttp.MaxBodyBytes / 1024} KiB.", "body");
        }

        return body;
    }

    /// <summary>Reads <c>{"key":"value",...}</c>; every value must be a string.</summary>
    internal static List<InstanceLabel> ReadLabels(byte[] body)
    {
        using var document = Parse(body, "{\"route\":\"et1\"}");
        var labels = new List<InstanceLabel>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new LabelBodyFieldException($"labels.{property.Name}", $"The value of label '{property.Name}' must be a string, not {Kind(property.Value)}.");
            }

            labels.Add(new InstanceLabel(property.Name, property.Value.GetString()!));
        }

        return labels;
    }

    /// <summary>Reads <c>{"value":"..."}</c>.</summary>
    internal static string ReadValue(byte[] body)
    {
        using var document = Parse(body, "{\"value\":\"et1\"}");
        return document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new LabelBodyFieldException("value", "The body must give the label's value as a string: {\"value\":\"...\"}.");
    }

    private static JsonDocument Parse(byte[] body, string example)
    {
        if (body.Length == 0)
        {
            throw new LabelBodyFieldException("body", $"The body is empty; send a JSON object such as {example}.");
        }

        JsonDocument document;
        try
        {
            document = ClientJson.Parse(body, BodyOptions);
        }
        catch (JsonException ex)
        {
            throw new LabelBodyFieldException("body", $"The body is not valid JSON ({ex.Message}); send an object such as {example}.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new LabelBodyFieldException("body", $"The body must be a JSON object such as {example}.");
        }

        return document;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static void WriteInstance(Utf8JsonWriter json, InstanceLabels entry)
    {
        json.WriteStartObject();
        json.WriteString("application", entry.Application);
        json.WriteString("instance", entry.Instance);
        json.WriteStartObject("labels");
        foreach (var label in entry.Labels)
        {
            json.WriteString(label.Key, label.Value);
        }

        json.WriteEndObject();
        json.WriteString("createdAt", entry.CreatedAt);
        json.WriteString("updatedAt", entry.UpdatedAt);
        json.WriteEndObject();
    }

    private static (string App, string Instance) Target(HttpContext context) =>
        (RegistryHttp.Route(context, "app"), RegistryHttp.Route(context, "instance"));

    private Task ProblemAsync(HttpContext context, LabelError error)
    {
        var status = error.Kind switch
        {
            LabelErrorKind.NotFound => StatusCodes.Status404NotFound,
            LabelErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        LogRejected(logger, context.Request.Method, context.Request.Path.Value ?? "", error.Field, error.Message);
        return RegistryHttp.WriteProblemAsync(context, status, error.Message, error.Field);
    }

    private Task BadRequestAsync(HttpContext context, string field, string message) =>
        ProblemAsync(context, new LabelError(LabelErrorKind.Invalid, field, message));

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 80, Level = LogLevel.Information, Message = "Label API: {RemoteAddress} {Action} {Application} instance {Instance}")]
    private static partial void LogChanged(ILogger logger, string action, string application, string instance, System.Net.IPAddress? remoteAddress);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 81, Level = LogLevel.Information, Message = "Label API refused {Method} {Path}: {Field}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string field, string problem);
}

/// <summary>A problem with a label API body, naming the field at fault.</summary>
internal sealed class LabelBodyFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
