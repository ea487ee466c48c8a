using System.Globalization;

namespace Portico.Discovery.Eureka;

/// <summary>
/// The fields of a Eureka <c>InstanceInfo</c> as text, read from JSON or XML before any interpretation, so both wire
/// formats share one mapping and one set of error messages.
/// </summary>
internal sealed class EurekaInstanceFields
{
    public string? InstanceId { get; set; }

    public string? HostName { get; set; }

    public string? App { get; set; }

    public string? IpAddr { get; set; }

    public string? Status { get; set; }

    public string? OverriddenStatus { get; set; }

    public string? Port { get; set; }

    public string? PortEnabled { get; set; }

    public string? SecurePort { get; set; }

    public string? SecurePortEnabled { get; set; }

    public string? HomePageUrl { get; set; }

    public string? StatusPageUrl { get; set; }

    public string? HealthCheckUrl { get; set; }

    public string? SecureHealthCheckUrl { get; set; }

    public string? VipAddress { get; set; }

    public string? SecureVipAddress { get; set; }

    public string? DataCenterName { get; set; }

    public string? LastDirtyTimestamp { get; set; }

    public string? RenewalIntervalInSecs { get; set; }

    public string? DurationInSecs { get; set; }

    public string? ActionType { get; set; }

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);
}

/// <summary>A field-level problem in a Eureka document; <see cref="Field"/> uses Eureka's names (<c>instance.port</c>).</summary>
internal sealed class EurekaFormatException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Maps Eureka's instance fields to a registry instance, naming the offending field when one is invalid.</summary>
internal static class EurekaInstanceMapper
{
    public static ServiceInstance ToServiceInstance(EurekaInstanceFields f, string? pathApp, string source)
    {
        var hostName = Blank(f.HostName);
        if (hostName is null)
        {
            throw new EurekaFormatException("instance.hostName", "is missing; Eureka instances must give hostName.");
        }

        var host = InstanceValidator.NormalizeHost(hostName);
        if (InstanceValidator.CheckHost(host) is { } hostProblem)
        {
            throw new EurekaFormatException("instance.hostName", hostProblem);
        }

        var ip = Blank(f.IpAddr);
        if (ip is not null && InstanceValidator.CheckHost(InstanceValidator.NormalizeHost(ip)) is { } ipProblem)
        {
            throw new EurekaFormatException("instance.ipAddr", ipProblem);
        }

        var app = Blank(f.App) ?? pathApp;
        if (pathApp is not null && !string.Equals(app, pathApp, StringComparison.OrdinalIgnoreCase))
        {
            throw new EurekaFormatException("instance.app", $"'{app}' does not match the application '{pathApp}' in the URL.");
        }

        if (InstanceValidator.CheckAppName(app) is { } appProblem)
        {
            throw new EurekaFormatException("instance.app", appProblem);
        }

        // Eureka's InstanceInfo.getId(): the instance id, or the host name when none was given.
        var id = Blank(f.InstanceId) ?? hostName;
        if (InstanceValidator.CheckInstanceId(id) is { } idProblem)
        {
            throw new EurekaFormatException("instance.instanceId", idProblem);
        }

        var status = InstanceStatus.Up;
        if (Blank(f.Status) is { } statusText && !InstanceValidator.TryParseStatus(statusText, out status))
        {
            throw new EurekaFormatException("instance.status", $"'{statusText}' is not a status; use {InstanceValidator.StatusChoices}.");
        }

        InstanceStatus? overridden = null;
        if (Blank(f.OverriddenStatus) is { } overriddenText)
        {
            if (!InstanceValidator.TryParseStatus(overriddenText, out var o))
            {
                throw new EurekaFormatException("instance.overriddenStatus", $"'{overriddenText}' is not a status; use {InstanceValidator.StatusChoices}.");
            }

            // UNKNOWN is Eureka's "no override".
            overridden = o == InstanceStatus.Unknown ? null : o;
        }

        int? port = ParsePort(f.Port, "instance.port");
        var portEnabled = ParseBool(f.PortEnabled, "instance.port.@enabled") ?? true;
        int? securePort = ParsePort(f.SecurePort, "instance.securePort");
        var securePortEnabled = ParseBool(f.SecurePortEnabled, "instance.securePort.@enabled") ?? false;

        // As Spring's EurekaServiceInstance: an enabled secure port means https on that port, otherwise http on the port.
        var secure = securePortEnabled && securePort is not null;
        var routedPort = secure ? securePort : port;
        if (routedPort is null)
        {
            throw new EurekaFormatException("instance.port", "is missing; give port (or an enabled securePort).");
        }

        if (InstanceValidator.CheckPort(routedPort.Value) is { } portProblem)
        {
            throw new EurekaFormatException(secure ? "instance.securePort" : "instance.port", portProblem);
        }

        var duration = ParseSeconds(f.DurationInSecs, "instance.leaseInfo.durationInSecs");
        var renewal = ParseSeconds(f.RenewalIntervalInSecs, "instance.leaseInfo.renewalIntervalInSecs");
        long? dirty = null;
        if (Blank(f.LastDirtyTimestamp) is { } dirtyText)
        {
            if (!long.TryParse(dirtyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d))
            {
                throw new EurekaFormatException("instance.lastDirtyTimestamp", $"'{dirtyText}' is not a Unix time in milliseconds.");
            }

            dirty = d;
        }

        var metadata = new Dictionary<string, string>(f.Metadata, StringComparer.Ordinal);
        return new ServiceInstance
        {
            AppName = app!,
            InstanceId = id,
            Host = host,
            Port = routedPort.Value,
            Scheme = secure ? "https" : "http",
            Status = status,
            ReportedStatus = status,
            OverriddenStatus = overridden,
            Metadata = metadata,
            Weight = InstanceWeights.FromMetadata(metadata),
            LeaseDuration = duration,
            RenewalInterval = renewal,
            Source = source,
            Details = new InstanceDetails
            {
                IpAddress = ip is null ? null : InstanceValidator.NormalizeHost(ip),
                NonSecurePort = port,
                NonSecurePortEnabled = portEnabled,
                SecurePort = securePort,
                SecurePortEnabled = securePortEnabled,
                HomePageUrl = Blank(f.HomePageUrl),
                StatusPageUrl = Blank(f.StatusPageUrl),
                HealthCheckUrl = Blank(f.HealthCheckUrl),
                SecureHealthCheckUrl = Blank(f.SecureHealthCheckUrl),
                VipAddress = Blank(f.VipAddress),
                SecureVipAddress = Blank(f.SecureVipAddress),
                DataCenterName = Blank(f.DataCenterName),
                LastDirtyTimestamp = dirty,
            },
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? ParsePort(string? text, string field)
    {
        if (Blank(text) is not { } t)
        {
            return null;
        }

        if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
        {
            throw new EurekaFormatException(field, $"'{t}' is not a port number; use 1-65535.");
        }

        return port;
    }

    private static bool? ParseBool(string? text, string field)
    {
        if (Blank(text) is not { } t)
        {
            return null;
        }

        return bool.TryParse(t, out var b) ? b : throw new EurekaFormatException(field, $"'{t}' is not true or false.");
    }

    private static TimeSpan ParseSeconds(string? text, string field)
    {
        if (Blank(text) is not { } t)
        {
            return TimeSpan.Zero;
        }

        // A day is far beyond any sensible lease; refusing it keeps a typo from pinning a dead instance in routing.
        if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 86_400)
        {
            throw new EurekaFormatException(field, $"'{t}' is not a number of seconds from 0 to 86400.");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
