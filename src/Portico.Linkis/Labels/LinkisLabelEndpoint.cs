using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Discovery;
using Portico.Errors;
using Portico.Linkis;
using Portico.Linkis.Messages;
using Portico.Linkis.Routing;
using Portico.Security.Linkis;

namespace Portico.Labels;

/// <summary>
/// Linkis's instance-label REST API (reference §6.3), served by the gateway because it owns the label store; every
/// other <c>microservice/...</c> path still goes to the public service.
/// <list type="bullet">
/// <item><c>GET microservice/allInstance</c> (administrator): every instance the store knows, with its labels.</item>
/// <item><c>PUT microservice/instanceLabel</c> (administrator): replaces an instance's labels with the modifiable ones
/// of <c>{"applicationName","instance","labels":[{"labelKey","stringValue"}]}</c>.</item>
/// <item><c>GET microservice/modifiableLabelKey</c>: the keys that API may set.</item>
/// <item><c>GET microservice/serviceRegistryURL</c>: the registry's URL.</item>
/// <item><c>GET microservice/serviceInstances</c>: the registered instances of the Linkis services, filtered by
/// <c>serviceName</c>, <c>hostName</c>, <c>ip</c> and <c>version</c>.</item>
/// </list>
/// Answers are Linkis <c>Message</c>s: HTTP 200 with status 0, or status 1 and Linkis's text on errors; a request
/// without a logged-in user gets the not-logged-in answer (HTTP 401, status -1).
/// </summary>
internal sealed partial class LinkisLabelEndpoint(
    ILabelStore labels,
    IServiceRegistry registry,
    ILogger<LinkisLabelEndpoint> logger) : ILinkisLocalEndpoint
{
    private const string Prefix = "microservice/";
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 16 };
    private static readonly PorticoConfig Defaults = new();

    private enum Operation
    {
        None,
        AllInstance,
        InstanceLabel,
        ModifiableLabelKey,
        ServiceRegistryUrl,
        ServiceInstances,
    }

    public bool Matches(ReadOnlySpan<char> apiPath) => OperationOf(apiPath) != Operation.None;

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var operation = OperationOf(path.AsSpan(Math.Max(0, path.LastIndexOf(Prefix, StringComparison.Ordinal))));
        var identity = context.GetLinkisIdentity();
        if (identity is not { IsAuthenticated: true })
        {
            await WriteAsync(context, new LinkisMessage(path, LinkisMessageStatus.NotLoggedIn, LinkisUserMessages.NotLoggedIn), StatusCodes.Status401Unauthorized);
            return;
        }

        var expected = operation == Operation.InstanceLabel ? HttpMethods.Put : HttpMethods.Get;
        var method = context.Request.Method;
        if (!HttpMethods.Equals(method, expected) && !(expected == HttpMethods.Get && HttpMethods.IsHead(method)))
        {
            // Spring answers a mapped path with another method with 405 in its error shape.
            context.Response.Headers.Allow = expected;
            await LinkisResponseWriter.WriteFrameworkErrorAsync(context, StatusCodes.Status405MethodNotAllowed, path);
            return;
        }

        // The configuration in force for this request (the Linkis filters put it on the request).
        var config = context.Features.Get<LinkisRequestContext>()?.Exchange.Config ?? Defaults;
        var message = operation switch
        {
            Operation.AllInstance => AllInstances(identity, config.Labels),
            Operation.InstanceLabel => await ReplaceLabelsAsync(context, identity, config.Labels),
            Operation.ModifiableLabelKey => LinkisMessage.Ok().WithData("keyList", new List<object?>(config.Labels.ModifiableKeys)),
            Operation.ServiceRegistryUrl => LinkisMessage.Ok().WithData("url", RegistryUrl(context, config.Discovery)),
            _ => LinkisMessage.Ok().WithData("list", ServiceInstances(context.Request.Query)),
        };
        await WriteAsync(context, message.WithMethod(path), StatusCodes.Status200OK);
    }

    public override string ToString() => "[LinkisLabelApi microservice/allInstance|instanceLabel|modifiableLabelKey|serviceRegistryURL|serviceInstances]";

    private static Operation OperationOf(ReadOnlySpan<char> apiPath)
    {
        if (!apiPath.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Operation.None;
        }

        var name = apiPath[Prefix.Length..];
        if (name.Length > 0 && name[^1] == '/')
        {
            // Spring MVC matches a trailing slash too.
            name = name[..^1];
        }

        return name switch
        {
            "allInstance" => Operation.AllInstance,
            "instanceLabel" => Operation.InstanceLabel,
            "modifiableLabelKey" => Operation.ModifiableLabelKey,
            "serviceRegistryURL" => Operation.ServiceRegistryUrl,
            "serviceInstances" => Operation.ServiceInstances,
            _ => Operation.None,
        };
    }

    private LinkisMessage AllInstances(LinkisIdentity identity, LabelsConfig settings)
    {
        if (!identity.IsAdmin)
        {
            LogRefused(logger, identity.UserName, "list all instances");
            return LinkisMessage.Error(LinkisLabelTexts.NotAdminToView(identity.UserName));
        }

        var modifiable = settings.ModifiableKeys;
        var instances = new List<object?>();
        foreach (var entry in labels.Current.All)
        {
            instances.Add(new KeyValuePair<string, object?>[]
            {
                new("id", entry.Id),
                new("applicationName", entry.Application),
                new("instance", entry.Instance),
                new("labels", LabelObjects(entry.Labels, modifiable)),
                new("createTime", entry.CreatedAt.ToUnixTimeMilliseconds()),
                new("updateTime", entry.UpdatedAt.ToUnixTimeMilliseconds()),
            });
        }

        return LinkisMessage.Ok().WithData("instances", instances);
    }

    private async ValueTask<LinkisMessage> ReplaceLabelsAsync(HttpContext context, LinkisIdentity identity, LabelsConfig settings)
    {
        if (!identity.IsAdmin)
        {
            LogRefused(logger, identity.UserName, "modify instance labels");
            return LinkisMessage.Error(LinkisLabelTexts.NotAdminToModify(identity.UserName));
        }

        var body = await RegistryHttp.ReadBodyAsync(context);
        if (body is null)
        {
            return LinkisMessage.Error($"The request body is larger than {RegistryHttp.MaxBodyBytes / 1024} KiB.");
        }

        InstanceLabelUpdate update;
        try
        {
            update = ReadUpdate(body, settings.ModifiableKeys);
        }
        catch (LabelBodyException ex)
        {
            return LinkisMessage.Error(ex.Message);
        }

        var result = await labels.ReplaceAsync(update.Application, update.Instance, update.Labels, context.RequestAborted);
        if (result.Error is { } error)
        {
            return LinkisMessage.Error(error.Message);
        }

        LogReplaced(logger, identity.UserName, update.Application, update.Instance, update.Labels);
        return LinkisMessage.Ok("success").WithData("labels", LabelObjects(update.Labels, settings.ModifiableKeys));
    }

    /// <summary>
    /// Reads a <c>PUT instanceLabel</c> body as Linkis does: labels whose key is not modifiable are skipped, a repeated
    /// modifiable key fails the whole request, and a route value may not contain Linkis's separator <c>-</c>.
    /// </summary>
    internal static InstanceLabelUpdate ReadUpdate(byte[] body, IReadOnlyList<string> modifiableKeys)
    {
        JsonDocument document;
        try
        {
            document = ClientJson.Parse(body, BodyOptions);
        }
        catch (JsonException ex)
        {
            throw new LabelBodyException($"The request body is not valid JSON ({ex.Message}); send {{\"applicationName\":\"...\",\"instance\":\"host:port\",\"labels\":[{{\"labelKey\":\"route\",\"stringValue\":\"...\"}}]}}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LabelBodyException("The request body must be a JSON object with applicationName, instance and labels.");
            }

            var instance = Text(root, "instance");
            if (string.IsNullOrEmpty(instance))
            {
                throw new LabelBodyException(LinkisLabelTexts.InstanceEmpty);
            }

            var application = Text(root, "applicationName");
            if (string.IsNullOrEmpty(application))
            {
                throw new LabelBodyException(LinkisLabelTexts.ApplicationEmpty);
            }

            if (!root.TryGetProperty("labels", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new LabelBodyException("labels must be an array of {\"labelKey\":\"...\",\"stringValue\":\"...\"}; send [] to remove every label.");
            }

            var result = new List<InstanceLabel>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var key = item.ValueKind == JsonValueKind.Object ? Text(item, "labelKey") : null;
                var value = item.ValueKind == JsonValueKind.Object ? Text(item, "stringValue") : null;
                if (key is null || value is null)
                {
                    throw new LabelBodyException($"labels[{index}] must be an object with the strings labelKey and stringValue.");
                }

                index++;
                if (!modifiableKeys.Contains(key, StringComparer.Ordinal))
                {
                    continue;
                }

                if (result.Exists(l => string.Equals(l.Key, key, StringComparison.Ordinal)))
                {
                    throw new LabelBodyException(LinkisLabelTexts.RepeatedLabel());
                }

                if (key == LinkisLabelKeys.Route && value.Contains('-', StringComparison.Ordinal))
                {
                    throw new LabelBodyException(LinkisLabelTexts.RouteValueInvalid);
                }

                result.Add(new InstanceLabel(key, value));
            }

            return new InstanceLabelUpdate(application, instance, result);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Labels as the label API shows them: <c>{"labelKey","stringValue","modifiable"}</c>.</summary>
    private static List<object?> LabelObjects(IReadOnlyList<InstanceLabel> labels, IReadOnlyList<string> modifiable)
    {
        var list = new List<object?>(labels.Count);
        foreach (var label in labels)
        {
            list.Add(new KeyValuePair<string, object?>[]
            {
                new("labelKey", label.Key),
                new("stringValue", label.Value),
                new("modifiable", modifiable.Contains(label.Key, StringComparer.Ordinal)),
            });
        }

        return list;
    }

    /// <summary>
    /// The registry Linkis services should use: the first external Eureka server when the gateway mirrors one, else the
    /// gateway's own Eureka API. Loopback names are replaced by the host name, as Linkis does, so the URL works elsewhere.
    /// </summary>
    private static string RegistryUrl(HttpContext context, DiscoveryConfig discovery)
    {
        if (discovery.EurekaClient.ServerUrls.Count > 0 && Uri.TryCreate(discovery.EurekaClient.ServerUrls[0], UriKind.Absolute, out var external))
        {
            // Credentials in the URL stay private.
            var builder = new UriBuilder(external) { UserName = "", Password = "" };
            if (external.IsLoopback)
            {
                builder.Host = Dns.GetHostName();
            }

            return builder.Uri.AbsoluteUri;
        }

        var request = context.Request;
        var local = context.Connection.LocalIpAddress;
        var host = local is null || IPAddress.IsLoopback(local) ? Dns.GetHostName() : (local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local).ToString();
        if (host.Contains(':', StringComparison.Ordinal))
        {
            host = "[" + host + "]";
        }

        var port = context.Connection.LocalPort is > 0 and var p ? p : request.Host.Port ?? (request.IsHttps ? 443 : 80);
        return request.Scheme + "://" + host + ":" + port.ToString(CultureInfo.InvariantCulture) + "/eureka/";
    }

    /// <summary>Registered instances of the services whose name contains <c>LINKIS</c>, filtered as Linkis filters them.</summary>
    private List<object?> ServiceInstances(IQueryCollection query)
    {
        var serviceName = First(query, "serviceName");
        var hostName = First(query, "hostName");
        var ip = First(query, "ip");
        var version = First(query, "version");
        var snapshot = registry.Current;
        var names = new List<string>(snapshot.Applications);
        names.Sort(StringComparer.OrdinalIgnoreCase);
        var list = new List<object?>();
        foreach (var name in names)
        {
            if (!name.Contains("LINKIS", StringComparison.OrdinalIgnoreCase)
                || (!string.IsNullOrWhiteSpace(serviceName) && !name.Contains(serviceName, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var instance in snapshot.GetInstances(name))
            {
                var address = instance.Details.IpAddress ?? instance.Host;
                if ((!string.IsNullOrWhiteSpace(ip) && !string.Equals(address, ip, StringComparison.Ordinal))
                    || (!string.IsNullOrWhiteSpace(hostName) && !string.Equals(instance.Host, hostName, StringComparison.Ordinal))
                    || (!string.IsNullOrWhiteSpace(version)
                        && !(instance.Metadata.TryGetValue("linkis.app.version", out var appVersion) && appVersion.Contains(version, StringComparison.Ordinal))))
                {
                    continue;
                }

                list.Add(InstanceObject(instance, address));
            }
        }

        return list;
    }

    /// <summary>An instance as Spring's <c>EurekaServiceInstance</c> shows it.</summary>
    private static KeyValuePair<string, object?>[] InstanceObject(ServiceInstance instance, string address)
    {
        var metadata = new List<KeyValuePair<string, object?>>(instance.Metadata.Count);
        foreach (var (key, value) in instance.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            metadata.Add(new(key, value));
        }

        var uri = instance.Scheme + "://" + (instance.Host.Contains(':', StringComparison.Ordinal) ? "[" + instance.Host + "]" : instance.Host) + ":" + instance.Port.ToString(CultureInfo.InvariantCulture);
        return
        [
            new("serviceId", instance.AppName),
            new("instanceId", instance.InstanceId),
            new("host", instance.Host),
            new("port", instance.Port),
            new("secure", instance.IsSecure),
            new("uri", uri),
            new("scheme", instance.Scheme),
            new("metadata", metadata),
            new("instanceInfo", new KeyValuePair<string, object?>[]
            {
                new("instanceId", instance.InstanceId),
                new("app", instance.AppName.ToUpperInvariant()),
                new("hostName", instance.Host),
                new("ipAddr", address),
                new("status", StatusName(instance.Status)),
                new("port", instance.Port),
            }),
        ];
    }

    private static string StatusName(InstanceStatus status) => status switch
    {
        InstanceStatus.Up => "UP",
        InstanceStatus.Down => "DOWN",
        InstanceStatus.Starting => "STARTING",
        InstanceStatus.OutOfService => "OUT_OF_SERVICE",
        _ => "UNKNOWN",
    };

    private static string? First(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static async Task WriteAsync(HttpContext context, LinkisMessage message, int status) =>
        await LinkisResponseWriter.WriteMessageAsync(context, message, status);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 60, Level = LogLevel.Information, Message = "Linkis label API: user {User} replaced the labels of {Application} instance {Instance} with [{Labels}]")]
    private static partial void LogReplaced(ILogger logger, string? user, string application, string instance, IReadOnlyList<InstanceLabel> labels);

    [LoggerMessage(EventId = Logging.EventIdRanges.Labels + 61, Level = LogLevel.Information, Message = "Linkis label API: user {User} may not {Action}; only the administrator may")]
    private static partial void LogRefused(ILogger logger, string? user, string action);
}

/// <summary>A validated <c>PUT instanceLabel</c> body.</summary>
internal sealed record InstanceLabelUpdate(string Application, string Instance, IReadOnlyList<InstanceLabel> Labels);

/// <summary>A label API body that cannot be used; the message is the answer's text.</summary>
internal sealed class LabelBodyException(string message) : Exception(message);
