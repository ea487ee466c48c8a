using System.Globalization;
using System.Text.Json;

namespace Portico.Discovery;

/// <summary>
/// Portico's own JSON form of an instance, used by the native registry API's responses and by the file store. Times
/// are ISO-8601, durations whole seconds.
/// </summary>
internal static class InstanceJson
{
    public static void Write(Utf8JsonWriter json, ServiceInstance instance)
    {
        json.WriteStartObject();
        json.WriteString("app", instance.AppName);
        json.WriteString("id", instance.InstanceId);
        json.WriteString("host", instance.Host);
        json.WriteNumber("port", instance.Port);
        json.WriteString("scheme", instance.Scheme);
        json.WriteString("status", InstanceValidator.StatusName(instance.Status));
        json.WriteString("reportedStatus", InstanceValidator.StatusName(instance.ReportedStatus));
        if (instance.OverriddenStatus is { } overridden)
        {
            json.WriteString("overriddenStatus", InstanceValidator.StatusName(overridden));
        }
        else
        {
            json.WriteNull("overriddenStatus");
        }

        json.WriteNumber("weight", instance.Weight);
        json.WriteStartObject("metadata");
        foreach (var (key, value) in instance.Metadata)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteString("registeredAt", instance.RegisteredAt);
        json.WriteString("lastHeartbeat", instance.LastHeartbeat);
        json.WriteString("lastUpdated", instance.LastUpdated);
        json.WriteNumber("leaseDurationSeconds", (long)instance.LeaseDuration.TotalSeconds);
        json.WriteNumber("renewalIntervalSeconds", (long)instance.RenewalInterval.TotalSeconds);
        if (instance.LeaseDuration > TimeSpan.Zero)
        {
            json.WriteString("leaseExpiresAt", instance.LastHeartbeat + instance.LeaseDuration);
        }
        else
        {
            json.WriteNull("leaseExpiresAt");
        }

        json.WriteString("source", instance.Source);
        WriteDetails(json, instance.Details);
        json.WriteEndObject();
    }

    /// <summary>Reads an instance written by <see cref="Write"/>; null when a required field is missing or malformed.</summary>
    public static ServiceInstance? Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object
            || Str(e, "app") is not { } app || Str(e, "id") is not { } id || Str(e, "host") is not { } host
            || !e.TryGetProperty("port", out var portElement) || !portElement.TryGetInt32(out var port))
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in meta.EnumerateObject())
            {
                metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        var status = InstanceValidator.TryParseStatus(Str(e, "status"), out var s) ? s : InstanceStatus.Unknown;
        InstanceStatus? overridden = InstanceValidator.TryParseStatus(Str(e, "overriddenStatus"), out var o) ? o : null;
        var reported = InstanceValidator.TryParseStatus(Str(e, "reportedStatus"), out var r) ? r : status;
        return new ServiceInstance
        {
            AppName = app,
            InstanceId = id,
            Host = host,
            Port = port,
            Scheme = Str(e, "scheme") ?? "http",
            Status = status,
            ReportedStatus = reported,
            OverriddenStatus = overridden,
            Weight = Int(e, "weight") ?? 1,
            Metadata = metadata,
            RegisteredAt = Time(e, "registeredAt"),
            LastHeartbeat = Time(e, "lastHeartbeat"),
            LastUpdated = Time(e, "lastUpdated"),
            LeaseDuration = TimeSpan.FromSeconds(Int(e, "leaseDurationSeconds") ?? 0),
            RenewalInterval = TimeSpan.FromSeconds(Int(e, "renewalIntervalSeconds") ?? 0),
            Source = Str(e, "source") ?? ServiceRegistry.NativeSource,
            Details = e.TryGetProperty("details", out var d) ? ReadDetails(d) : InstanceDetails.None,
        };
    }

    private static void WriteDetails(Utf8JsonWriter json, InstanceDetails d)
    {
        json.WriteStartObject("details");
        void S(string name, string? value)
        {
            if (value is not null)
            {
                json.WriteString(name, value);
            }
        }

        S("ipAddress", d.IpAddress);
        if (d.NonSecurePort is { } port)
        {
            json.WriteNumber("nonSecurePort", port);
            json.WriteBoolean("nonSecurePortEnabled", d.NonSecurePortEnabled);
        }

        if (d.SecurePort is { } securePort)
        {
            json.WriteNumber("securePort", securePort);
            json.WriteBoolean("securePortEnabled", d.SecurePortEnabled);
        }

        S("healthCheckUrl", d.HealthCheckUrl);
        S("secureHealthCheckUrl", d.SecureHealthCheckUrl);
        S("statusPageUrl", d.StatusPageUrl);
        S("homePageUrl", d.HomePageUrl);
        S("vipAddress", d.VipAddress);
        S("secureVipAddress", d.SecureVipAddress);
        S("dataCenterName", d.DataCenterName);
        if (d.LastDirtyTimestamp is { } dirty)
        {
            json.WriteNumber("lastDirtyTimestamp", dirty);
        }

        json.WriteEndObject();
    }

    private static InstanceDetails ReadDetails(JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object)
        {
            return InstanceDetails.None;
        }

        var details = new InstanceDetails
        {
            IpAddress = Str(d, "ipAddress"),
            NonSecurePort = Int(d, "nonSecurePort"),
            NonSecurePortEnabled = Bool(d, "nonSecurePortEnabled") ?? true,
            SecurePort = Int(d, "securePort"),
            SecurePortEnabled = Bool(d, "securePortEnabled") ?? false,
            HealthCheckUrl = Str(d, "healthCheckUrl"),
            SecureHealthCheckUrl = Str(d, "secureHealthCheckUrl"),
            StatusPageUrl = Str(d, "statusPageUrl"),
            HomePageUrl = Str(d, "homePageUrl"),
            VipAddress = Str(d, "vipAddress"),
            SecureVipAddress = Str(d, "secureVipAddress"),
            DataCenterName = Str(d, "dataCenterName"),
            LastDirtyTimestamp = d.TryGetProperty("lastDirtyTimestamp", out var t) && t.TryGetInt64(out var l) ? l : null,
        };
        return details == InstanceDetails.None ? InstanceDetails.None : details;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static DateTimeOffset Time(JsonElement e, string name) =>
        Str(e, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : default;
}
