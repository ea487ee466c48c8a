using System.Globalization;
using System.Text.Json;
using Portico.Errors;

namespace Portico.Discovery.Eureka;

/// <summary>
/// Eureka's JSON wire format, as its Jackson codec writes it: <c>{"instance":{...}}</c>, ports as
/// <c>{"$":8080,"@enabled":"true"}</c>, timestamps as strings, <c>{"applications":{"versions__delta",
/// "apps__hashcode","application":[{"name","instance":[...]}]}}</c>. Reading is lenient about numbers written as
/// strings (and back), and about single objects where older servers wrote one-element arrays.
/// </summary>
internal static class EurekaJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>Reads a registration body (<c>{"instance":{...}}</c> or the bare instance object).</summary>
    public static EurekaInstanceFields ReadInstance(ReadOnlyMemory<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = ClientJson.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new EurekaFormatException("instance", $"is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EurekaFormatException("instance", "must be a JSON object such as {\"instance\":{\"hostName\":...}}.");
            }

            var instance = root.TryGetProperty("instance", out var wrapped) ? wrapped : root;
            if (instance.ValueKind != JsonValueKind.Object)
            {
                throw new EurekaFormatException("instance", "must be a JSON object.");
            }

            return ReadFields(instance, "instance");
        }
    }

    /// <summary>Reads a full or delta <c>applications</c> document: its instances, hash code and version.</summary>
    public static (List<EurekaInstanceFields> Instances, string HashCode) ReadApplications(ReadOnlyMemory<byte> body)
    {
        using var doc = ClientJson.Parse(body, DocumentOptions);
        var root = doc.RootElement;
        var apps = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("applications", out var a) ? a : root;
        if (apps.ValueKind != JsonValueKind.Object)
        {
            throw new EurekaFormatException("applications", "must be a JSON object.");
        }

        var hash = apps.TryGetProperty("apps__hashcode", out var h) ? Text(h, "applications.apps__hashcode") ?? "" : "";
        var instances = new List<EurekaInstanceFields>();
        if (apps.TryGetProperty("application", out var list))
        {
            foreach (var app in Items(list))
            {
                if (app.ValueKind != JsonValueKind.Object || !app.TryGetProperty("instance", out var items))
                {
                    continue;
                }

                var name = app.TryGetProperty("name", out var n) ? Text(n, "application.name") : null;
                foreach (var item in Items(items))
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        var fields = ReadFields(item, "instance");
                        fields.App ??= name;
                        instances.Add(fields);
                    }
                }
            }
        }

        return (instances, hash);
    }

    public static void WriteInstance(Utf8JsonWriter json, ServiceInstance i, DeltaAction action)
    {
        json.WriteStartObject();
        json.WriteString("instanceId", i.InstanceId);
        json.WriteString("hostName", i.Host);
        json.WriteString("app", EurekaFormat.AppName(i.AppName));
        json.WriteString("ipAddr", i.Details.IpAddress ?? i.Host);
        json.WriteString("status", InstanceValidator.StatusName(i.Status));
        json.WriteString("overriddenStatus", EurekaFormat.OverriddenStatus(i));
        var (port, portEnabled, securePort, securePortEnabled) = EurekaFormat.Ports(i);
        json.WriteStartObject("port");
        json.WriteNumber("$", port);
        json.WriteString("@enabled", portEnabled ? "true" : "false");
        json.WriteEndObject();
        json.WriteStartObject("securePort");
        json.WriteNumber("$", securePort);
        json.WriteString("@enabled", securePortEnabled ? "true" : "false");
        json.WriteEndObject();
        json.WriteNumber("countryId", 1);
        json.WriteStartObject("dataCenterInfo");
        json.WriteString("@class", EurekaFormat.DataCenterClass);
        json.WriteString("name", EurekaFormat.DataCenterName);
        json.WriteEndObject();
        json.WriteStartObject("leaseInfo");
        json.WriteNumber("renewalIntervalInSecs", (long)i.RenewalInterval.TotalSeconds);
        json.WriteNumber("durationInSecs", (long)i.LeaseDuration.TotalSeconds);
        json.WriteNumber("registrationTimestamp", i.RegisteredAt.ToUnixTimeMilliseconds());
        json.WriteNumber("lastRenewalTimestamp", i.LastHeartbeat.ToUnixTimeMilliseconds());
        json.WriteNumber("evictionTimestamp", 0);
        json.WriteNumber("serviceUpTimestamp", i.RegisteredAt.ToUnixTimeMilliseconds());
        json.WriteEndObject();
        json.WriteStartObject("metadata");
        foreach (var (key, value) in i.Metadata)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        WriteOptional(json, "homePageUrl", i.Details.HomePageUrl);
        WriteOptional(json, "statusPageUrl", i.Details.StatusPageUrl);
        WriteOptional(json, "healthCheckUrl", i.Details.HealthCheckUrl);
        WriteOptional(json, "secureHealthCheckUrl", i.Details.SecureHealthCheckUrl);
        json.WriteString("vipAddress", EurekaFormat.VipAddress(i));
        json.WriteString("secureVipAddress", EurekaFormat.SecureVipAddress(i));
        json.WriteString("isCoordinatingDiscoveryServer", "false");
        json.WriteString("lastUpdatedTimestamp", i.LastUpdated.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        json.WriteString("lastDirtyTimestamp", EurekaFormat.LastDirty(i).ToString(CultureInfo.InvariantCulture));
        json.WriteString("actionType", EurekaFormat.ActionType(action));
        json.WriteEndObject();
    }

    public static void WriteApplication(Utf8JsonWriter json, string name, IReadOnlyList<ServiceInstance> instances)
    {
        json.WriteStartObject();
        json.WriteString("name", EurekaFormat.AppName(name));
        json.WriteStartArray("instance");
        foreach (var instance in instances)
        {
            WriteInstance(json, instance, DeltaAction.Added);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteApplications(Utf8JsonWriter json, EurekaApplications apps)
    {
        json.WriteStartObject();
        json.WriteStartObject("applications");
        json.WriteString("versions__delta", apps.Version.ToString(CultureInfo.InvariantCulture));
        json.WriteString("apps__hashcode", apps.HashCode);
        json.WriteStartArray("application");
        foreach (var app in apps.Apps)
        {
            json.WriteStartObject();
            json.WriteString("name", EurekaFormat.AppName(app.Name));
            json.WriteStartArray("instance");
            foreach (var (instance, action) in app.Instances)
            {
                WriteInstance(json, instance, action);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static EurekaInstanceFields ReadFields(JsonElement e, string path)
    {
        var f = new EurekaInstanceFields();
        foreach (var p in e.EnumerateObject())
        {
            var field = path + "." + p.Name;
            switch (p.Name)
            {
                case "instanceId": f.InstanceId = Text(p.Value, field); break;
                case "hostName": f.HostName = Text(p.Value, field); break;
                case "app": f.App = Text(p.Value, field); break;
                case "ipAddr": f.IpAddr = Text(p.Value, field); break;
                case "status": f.Status = Text(p.Value, field); break;
                case "overriddenStatus" or "overriddenstatus": f.OverriddenStatus = Text(p.Value, field); break;
                case "port": (f.Port, f.PortEnabled) = Port(p.Value, field); break;
                case "securePort": (f.SecurePort, f.SecurePortEnabled) = Port(p.Value, field); break;
                case "homePageUrl": f.HomePageUrl = Text(p.Value, field); break;
                case "statusPageUrl": f.StatusPageUrl = Text(p.Value, field); break;
                case "healthCheckUrl": f.HealthCheckUrl = Text(p.Value, field); break;
                case "secureHealthCheckUrl": f.SecureHealthCheckUrl = Text(p.Value, field); break;
                case "vipAddress": f.VipAddress = Text(p.Value, field); break;
                case "secureVipAddress": f.SecureVipAddress = Text(p.Value, field); break;
                case "lastDirtyTimestamp": f.LastDirtyTimestamp = Text(p.Value, field); break;
                case "actionType": f.ActionType = Text(p.Value, field); break;
                case "dataCenterInfo":
                    if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("name", out var dc))
                    {
                        f.DataCenterName = Text(dc, field + ".name");
                    }

                    break;
                case "leaseInfo":
                    if (p.Value.ValueKind == JsonValueKind.Object)
                    {
                        if (p.Value.TryGetProperty("renewalIntervalInSecs", out var r))
                        {
                            f.RenewalIntervalInSecs = Text(r, field + ".renewalIntervalInSecs");
                        }

                        if (p.Value.TryGetProperty("durationInSecs", out var d))
                        {
                            f.DurationInSecs = Text(d, field + ".durationInSecs");
                        }
                    }
                    else if (p.Value.ValueKind != JsonValueKind.Null)
                    {
                        throw new EurekaFormatException(field, "must be an object with renewalIntervalInSecs and durationInSecs.");
                    }

                    break;
                case "metadata":
                    if (p.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var m in p.Value.EnumerateObject())
                        {
                            // Jackson's type hint for an empty map, not an entry.
                            if (m.Name != "@class")
                            {
                                f.Metadata[m.Name] = Text(m.Value, field + "." + m.Name) ?? "";
                            }
                        }
                    }
                    else if (p.Value.ValueKind != JsonValueKind.Null)
                    {
                        throw new EurekaFormatException(field, "must be an object of string values.");
                    }

                    break;
            }
        }

        return f;
    }

    private static (string? Value, string? Enabled) Port(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return (Text(value, field), null);
        }

        var port = value.TryGetProperty("$", out var v) ? Text(v, field + ".$") : null;
        var enabled = value.TryGetProperty("@enabled", out var en) ? Text(en, field + ".@enabled") : null;
        return (port, enabled);
    }

    private static string? Text(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => null,
        _ => throw new EurekaFormatException(field, $"must be a string or number, not {(value.ValueKind == JsonValueKind.Object ? "an object" : "an array")}."),
    };

    private static IEnumerable<JsonElement> Items(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray(),
        JsonValueKind.Object => [element],
        _ => [],
    };
}
