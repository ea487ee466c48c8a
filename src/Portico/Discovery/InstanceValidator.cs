using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portico.Discovery;

/// <summary>The registration field a validation problem is about; each API maps it to its own field name.</summary>
internal enum InstanceField
{
    App,
    Id,
    Host,
    Port,
    Scheme,
    Weight,
    Status,
    LeaseDuration,
    Metadata,
    Details,
}

/// <summary>One problem with a registration.</summary>
internal sealed record InstanceProblem(InstanceField Field, string Message);

/// <summary>
/// Checks what a registration would put into routing: a name and id that are safe in URLs, a host that is an IP
/// literal or a DNS name, a port in range. A rejected registration changes nothing.
/// </summary>
internal static class InstanceValidator
{
    public const int MaxAppNameLength = 200;
    public const int MaxInstanceIdLength = 256;
    public const int MaxHostLength = 253;
    public const int MaxWeight = 10_000;
    public const int MaxMetadataEntries = 256;
    public const int MaxMetadataLength = 4096;

    public static List<InstanceProblem> Validate(ServiceInstance instance)
    {
        var problems = new List<InstanceProblem>();
        if (CheckAppName(instance.AppName) is { } app)
        {
            problems.Add(new(InstanceField.App, app));
        }

        if (CheckInstanceId(instance.InstanceId) is { } id)
        {
            problems.Add(new(InstanceField.Id, id));
        }

        if (CheckHost(instance.Host) is { } host)
        {
            problems.Add(new(InstanceField.Host, host));
        }

        if (CheckPort(instance.Port) is { } port)
        {
            problems.Add(new(InstanceField.Port, port));
        }

        if (instance.Scheme is not ("http" or "https"))
        {
            problems.Add(new(InstanceField.Scheme, $"'{instance.Scheme}' is not a supported scheme; use 'http' or 'https'."));
        }

        if (instance.Weight is < 0 or > MaxWeight)
        {
            problems.Add(new(InstanceField.Weight, $"{instance.Weight.ToString(CultureInfo.InvariantCulture)} is out of range; use a whole number from 0 to {MaxWeight.ToString(CultureInfo.InvariantCulture)}."));
        }

        if (instance.LeaseDuration < TimeSpan.Zero)
        {
            problems.Add(new(InstanceField.LeaseDuration, "must not be negative."));
        }

        if (instance.Metadata.Count > MaxMetadataEntries)
        {
            problems.Add(new(InstanceField.Metadata, $"has {instance.Metadata.Count.ToString(CultureInfo.InvariantCulture)} entries; at most {MaxMetadataEntries.ToString(CultureInfo.InvariantCulture)} are allowed."));
        }
        else
        {
            foreach (var (key, value) in instance.Metadata)
            {
                if (key.Length == 0 || key.Length > MaxMetadataLength || value.Length > MaxMetadataLength)
                {
                    problems.Add(new(InstanceField.Metadata, $"entry '{Truncate(key)}' has an empty or too long key or value (at most {MaxMetadataLength.ToString(CultureInfo.InvariantCulture)} characters each)."));
                    break;
                }

                // Metadata is served as XML to Eureka clients too, so it must be text XML can carry.
                if (!IsPlainText(key) || !IsPlainText(value))
                {
                    problems.Add(new(InstanceField.Metadata, $"entry '{Truncate(key)}' contains control or invalid characters."));
                    break;
                }
            }
        }

        var d = instance.Details;
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[
            ("ipAddr", d.IpAddress), ("healthCheckUrl", d.HealthCheckUrl), ("secureHealthCheckUrl", d.SecureHealthCheckUrl),
            ("statusPageUrl", d.StatusPageUrl), ("homePageUrl", d.HomePageUrl), ("vipAddress", d.VipAddress),
            ("secureVipAddress", d.SecureVipAddress), ("dataCenterInfo.name", d.DataCenterName)])
        {
            if (value is not null && (value.Length > MaxMetadataLength || !IsPlainText(value)))
            {
                problems.Add(new(InstanceField.Details, $"{name} is longer than {MaxMetadataLength.ToString(CultureInfo.InvariantCulture)} characters or contains control characters."));
                break;
            }
        }

        return problems;
    }

    /// <summary>
    /// The first problem the instance would have with <paramref name="entries"/> merged into its metadata (bad weight,
    /// too many or too long entries), or null when the change is valid.
    /// </summary>
    public static string? CheckMetadataPatch(ServiceInstance current, IReadOnlyDictionary<string, string> entries)
    {
        var merged = new Dictionary<string, string>(current.Metadata, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            merged[key] = value;
        }

        var problems = Validate(current with { Metadata = merged });
        return problems.Count > 0 ? problems[0].Message : null;
    }

    /// <summary>Application names appear in URLs and route URIs (<c>lb://name</c>): letters, digits, '-', '_' and '.'.</summary>
    public static string? CheckAppName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "is missing; give the application (service) name.";
        }

        if (name.Length > MaxAppNameLength)
        {
            return $"is longer than {MaxAppNameLength.ToString(CultureInfo.InvariantCulture)} characters.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"'{Truncate(name)}' contains '{Printable(c)}'; use letters, digits, '-', '_' and '.' only.";
            }
        }

        return null;
    }

    /// <summary>Instance ids are URL path segments: visible ASCII without '/', '?', '#', '%' or '\'.</summary>
    public static string? CheckInstanceId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "is missing; give an id unique within the application, e.g. 'host:app:port'.";
        }

        if (id.Length > MaxInstanceIdLength)
        {
            return $"is longer than {MaxInstanceIdLength.ToString(CultureInfo.InvariantCulture)} characters.";
        }

        foreach (var c in id)
        {
            if (c <= ' ' || c >= '\u007f' || c is '/' or '?' or '#' or '%' or '\\')
            {
                return $"'{Truncate(id)}' contains '{Printable(c)}'; ids are URL path segments, so use visible ASCII without '/', '?', '#', '%' or '\\'.";
            }
        }

        return null;
    }

    /// <summary>A host must be an IPv4 or IPv6 literal or a DNS name; anything else could smuggle a path or credentials into upstream URLs.</summary>
    public static string? CheckHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return "is missing; give a host name or IP address.";
        }

        if (host.Length > MaxHostLength)
        {
            return $"is longer than {MaxHostLength.ToString(CultureInfo.InvariantCulture)} characters.";
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6 && host.Contains('%', StringComparison.Ordinal))
            {
                return $"'{Truncate(host)}' has an IPv6 zone id, which cannot be routed to; register a global address.";
            }

            if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast))
            {
                return $"'{host}' is not a routable address; register the address clients should connect to.";
            }

            // IPAddress.TryParse accepts shorthands such as "10" or "1.2.3"; insist on the canonical dotted form.
            if (ip.AddressFamily == AddressFamily.InterNetwork && host.Split('.').Length != 4)
            {
                return $"'{Truncate(host)}' is not a dotted IPv4 address or a DNS name.";
            }

            return null;
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return $"'{Truncate(host)}' is not a valid IPv6 address; write it without brackets or port.";
        }

        var labelLength = 0;
        var allNumeric = true;
        for (var i = 0; i < host.Length; i++)
        {
            var c = host[i];
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return $"'{Truncate(host)}' has an empty label; a DNS name is labels separated by single dots.";
                }

                if (host[i - 1] == '-')
                {
                    return $"'{Truncate(host)}' has a label ending in '-'.";
                }

                labelLength = 0;
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return $"'{Truncate(host)}' contains '{Printable(c)}'; a host is an IP address or a DNS name (letters, digits, '-', '.').";
            }

            if (c == '-' && labelLength == 0)
            {
                return $"'{Truncate(host)}' has a label starting with '-'.";
            }

            allNumeric &= char.IsAsciiDigit(c);
            labelLength++;
            if (labelLength > 63)
            {
                return $"'{Truncate(host)}' has a label longer than 63 characters.";
            }
        }

        if (host.EndsWith('-'))
        {
            return $"'{Truncate(host)}' has a label ending in '-'.";
        }

        if (allNumeric)
        {
            return $"'{Truncate(host)}' is neither a dotted IPv4 address nor a DNS name.";
        }

        return null;
    }

    public static string? CheckPort(int port) =>
        port is >= 1 and <= 65535 ? null : $"{port.ToString(CultureInfo.InvariantCulture)} is out of range; use 1-65535.";

    /// <summary>Removes the brackets of an IPv6 literal and a trailing root dot, so equal hosts compare equal.</summary>
    public static string NormalizeHost(string host)
    {
        var h = host.Trim();
        if (h.Length > 2 && h[0] == '[' && h[^1] == ']')
        {
            h = h[1..^1];
        }

        if (h.Length > 1 && h[^1] == '.')
        {
            h = h[..^1];
        }

        return h;
    }

    public static bool TryParseStatus(string? text, out InstanceStatus status)
    {
        status = InstanceStatus.Unknown;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "UP":
                status = InstanceStatus.Up;
                return true;
            case "DOWN":
                status = InstanceStatus.Down;
                return true;
            case "STARTING":
                status = InstanceStatus.Starting;
                return true;
            case "OUT_OF_SERVICE" or "OUTOFSERVICE" or "OUT-OF-SERVICE":
                status = InstanceStatus.OutOfService;
                return true;
            case "UNKNOWN":
                status = InstanceStatus.Unknown;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The status as Eureka spells it.</summary>
    public static string StatusName(InstanceStatus status) => status switch
    {
        InstanceStatus.Up => "UP",
        InstanceStatus.Down => "DOWN",
        InstanceStatus.Starting => "STARTING",
        InstanceStatus.OutOfService => "OUT_OF_SERVICE",
        _ => "UNKNOWN",
    };

    public const string StatusChoices = "UP, DOWN, STARTING, OUT_OF_SERVICE or UNKNOWN";

    private static bool IsPlainText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!System.Xml.XmlConvert.IsXmlChar(c) || (c < ' ' && c is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";

    private static string Printable(char c) => c < ' ' || c == '\u007f' ? $"\\u{(int)c:x4}" : c.ToString();
}
