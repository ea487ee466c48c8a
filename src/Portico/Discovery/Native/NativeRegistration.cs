using System.Text.Json;
using Portico.Errors;

namespace Portico.Discovery.Native;

/// <summary>A field-level problem in a native registry request body.</summary>
internal sealed class NativeFormatException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Reads the native API's request bodies strictly: wrong types are errors that name the field.</summary>
internal static class NativeRegistration
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    public static ServiceInstance Read(byte[] body, string app, string id)
    {
        using var doc = Parse(body);
        var root = doc.RootElement;
        var host = RequiredString(root, "host");
        var port = root.TryGetProperty("port", out var p) ? Int(p, "port") : throw new NativeFormatException("port", "is missing; give the port the instance listens on (1-65535).");
        var scheme = OptionalString(root, "scheme")?.ToLowerInvariant() ?? "http";
        var status = InstanceStatus.Up;
        if (OptionalString(root, "status") is { } statusText && !InstanceValidator.TryParseStatus(statusText, out status))
        {
            throw new NativeFormatException("status", $"'{statusText}' is not a status; use {InstanceValidator.StatusChoices}.");
        }

        var metadata = root.TryGetProperty("metadata", out var m) ? Metadata(m, "metadata") : new Dictionary<string, string>(StringComparer.Ordinal);
        var weight = root.TryGetProperty("weight", out var w) ? Int(w, "weight") : InstanceWeights.FromMetadata(metadata);
        var lease = root.TryGetProperty("leaseDurationSeconds", out var l) ? Seconds(l, "leaseDurationSeconds") : TimeSpan.Zero;
        var renewal = root.TryGetProperty("renewalIntervalSeconds", out var r) ? Seconds(r, "renewalIntervalSeconds") : TimeSpan.Zero;
        var healthCheckUrl = OptionalString(root, "healthCheckUrl");
        if (healthCheckUrl is not null && (!Uri.TryCreate(healthCheckUrl, UriKind.Absolute, out var health) || health.Scheme is not ("http" or "https")))
        {
            throw new NativeFormatException("healthCheckUrl", $"'{healthCheckUrl}' is not an absolute http or https URL.");
        }

        return new ServiceInstance
        {
            AppName = app,
            InstanceId = id,
            Host = InstanceValidator.NormalizeHost(host),
            Port = port,
            Scheme = scheme,
            Status = status,
            ReportedStatus = status,
            Weight = weight,
            Metadata = metadata,
            LeaseDuration = lease,
            RenewalInterval = renewal,
            Source = ServiceRegistry.NativeSource,
            Details = healthCheckUrl is null ? InstanceDetails.None : new InstanceDetails { HealthCheckUrl = healthCheckUrl },
        };
    }

    public static InstanceStatus ReadStatus(byte[]? body)
    {
        if (body is null)
        {
            throw new NativeFormatException("status", "the body is too large.");
        }

        using var doc = Parse(body);
        var text = RequiredString(doc.RootElement, "status");
        return InstanceValidator.TryParseStatus(text, out var status)
            ? status
            : throw new NativeFormatException("status", $"'{text}' is not a status; use {InstanceValidator.StatusChoices}.");
    }

    public static Dictionary<string, string> ReadMetadataPatch(byte[]? body)
    {
        if (body is null)
        {
            throw new NativeFormatException("metadata", "the body is too large.");
        }

        using var doc = Parse(body);
        var entries = Metadata(doc.RootElement, "metadata");
        return entries.Count > 0 ? entries : throw new NativeFormatException("metadata", "has no entries; send {\"key\":\"value\"}.");
    }

    public static string FieldName(InstanceField field) => field switch
    {
        InstanceField.App => "app",
        InstanceField.Id => "id",
        InstanceField.Host => "host",
        InstanceField.Port => "port",
        InstanceField.Scheme => "scheme",
        InstanceField.Weight => "weight",
        InstanceField.Status => "status",
        InstanceField.LeaseDuration => "leaseDurationSeconds",
        InstanceField.Details => "healthCheckUrl",
        _ => "metadata",
    };

    private static JsonDocument Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new NativeFormatException("body", "is empty; send a JSON object.");
        }

        JsonDocument doc;
        try
        {
            doc = ClientJson.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            throw new NativeFormatException("body", $"is not valid JSON: {ex.Message}");
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw new NativeFormatException("body", "must be a JSON object.");
        }

        return doc;
    }

    private static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) ?? throw new NativeFormatException(name, $"is missing; give '{name}'.");

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new NativeFormatException(name, $"must be a string, not {Kind(value)}.");
    }

    private static int Int(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw new NativeFormatException(name, $"must be a whole number, not {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Kind(value))}.");

    private static TimeSpan Seconds(JsonElement value, string name)
    {
        var seconds = Int(value, name);
        return seconds is >= 0 and <= 86_400 ? TimeSpan.FromSeconds(seconds) : throw new NativeFormatException(name, $"{seconds} is out of range; use 0 (the default) to 86400.");
    }

    private static Dictionary<string, string> Metadata(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new NativeFormatException(name, $"must be an object of string values, not {Kind(value)}.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String
                ? p.Value.GetString()!
                : throw new NativeFormatException($"{name}.{p.Name}", $"must be a string, not {Kind(p.Value)}.");
        }

        return metadata;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
