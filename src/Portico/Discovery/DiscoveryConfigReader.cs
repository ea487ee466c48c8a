using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Portico.Configuration;

namespace Portico.Discovery;

/// <summary>
/// Reads <see cref="DiscoveryConfig"/> from the <c>discovery</c> section: scalar settings through the shared settings
/// binder, static instances by hand (lists of objects), and checks every value so a bad one is a named
/// <see cref="ConfigError"/> rather than a surprise at run time.
/// </summary>
internal static class DiscoveryConfigReader
{
    private const string Root = "discovery";

    public static DiscoveryConfig Read(IReadOnlyList<IConfigurationSection> roots, List<ConfigError> errors)
    {
        var sections = new List<IConfigurationSection>();
        foreach (var root in roots)
        {
            if (PorticoConfigReader.Child(root, Root) is { } s)
            {
                sections.Add(s);
            }
        }

        if (sections.Count == 0)
        {
            return new DiscoveryConfig();
        }

        var config = SettingsBinder.Bind(new DiscoveryConfig(), sections, Root, errors, skip: ["static", "services", "instances"]);
        var instances = new List<(StaticInstanceConfig Instance, string Field)>();
        foreach (var section in sections)
        {
            if (PorticoConfigReader.Child(section, "static") is { } byApp)
            {
                foreach (var app in byApp.GetChildren())
                {
                    var i = 0;
                    foreach (var item in PorticoConfigReader.OrderedChildren(app))
                    {
                        var field = $"{Root}.static.{app.Key}[{i}]";
                        instances.Add((ReadInstance(item, app.Key, field, errors), field));
                        i++;
                    }
                }
            }

            if (PorticoConfigReader.Child(section, "services") is { } list)
            {
                var i = 0;
                foreach (var item in PorticoConfigReader.OrderedChildren(list))
                {
                    var field = $"{Root}.services[{i}]";
                    instances.Add((ReadInstance(item, null, field, errors), field));
                    i++;
                }
            }
        }

        Validate(config, instances, errors);
        return config with { Instances = instances.ConvertAll(i => i.Instance) };
    }

    private static StaticInstanceConfig ReadInstance(IConfigurationSection item, string? app, string field, List<ConfigError> errors)
    {
        string? Value(string name) => PorticoConfigReader.Child(item, name)?.Value?.Trim();

        app ??= Value("app") ?? Value("name") ?? Value("service-id") ?? "";
        var host = Value("host") ?? "";
        var scheme = Value("scheme")?.ToLowerInvariant();
        var portText = Value("port");
        var port = 0;
        if (Value("uri") is { } uriText)
        {
            // Spring's simple discovery client writes instances as URIs.
            if (Uri.TryCreate(uriText, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                host = uri.IdnHost;
                scheme ??= uri.Scheme;
                port = uri.Port;
            }
            else
            {
                errors.Add(new ConfigError(null, field + ".uri", $"'{uriText}' is not an absolute http or https URI.", "Write e.g. 'http://10.0.0.5:8080', or give host and port."));
            }
        }

        if (portText is not null && !int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out port))
        {
            errors.Add(new ConfigError(null, field + ".port", $"'{portText}' is not an integer.", "Write a port from 1 to 65535."));
        }

        var weight = 1;
        if (Value("weight") is { } weightText && !int.TryParse(weightText, NumberStyles.Integer, CultureInfo.InvariantCulture, out weight))
        {
            errors.Add(new ConfigError(null, field + ".weight", $"'{weightText}' is not an integer.", $"Write a whole number from 0 to {InstanceValidator.MaxWeight}."));
            weight = 1;
        }

        var status = InstanceStatus.Up;
        if (Value("status") is { } statusText && !InstanceValidator.TryParseStatus(statusText, out status))
        {
            errors.Add(new ConfigError(null, field + ".status", $"'{statusText}' is not a status.", $"Write {InstanceValidator.StatusChoices}."));
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (PorticoConfigReader.Child(item, "metadata") is { } meta)
        {
            foreach (var entry in meta.GetChildren())
            {
                metadata[entry.Key] = entry.Value ?? "";
            }
        }

        host = InstanceValidator.NormalizeHost(host);
        return new StaticInstanceConfig
        {
            App = app,
            Id = Value("id") ?? Value("instance-id") ?? "",
            Host = host,
            Port = port,
            Scheme = scheme ?? "http",
            Weight = weight,
            Status = status,
            Metadata = metadata,
        };
    }

    private static void Validate(DiscoveryConfig config, List<(StaticInstanceConfig Instance, string Field)> instances, List<ConfigError> errors)
    {
        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add(new ConfigError(null, $"{Root}.{name}", "must be longer than zero.", $"Write a duration such as 30s for '{Root}.{name}'."));
            }
        }

        Positive(config.LeaseRenewalInterval, "lease-renewal-interval");
        Positive(config.LeaseDuration, "lease-duration");
        Positive(config.EvictionInterval, "eviction-interval");
        Positive(config.DeltaRetention, "delta-retention");
        Positive(config.EurekaClient.FetchInterval, "eureka-client.fetch-interval");
        Positive(config.EurekaClient.Timeout, "eureka-client.timeout");
        if (config.LeaseDuration > TimeSpan.Zero && config.LeaseDuration <= config.LeaseRenewalInterval)
        {
            errors.Add(new ConfigError(null, $"{Root}.lease-duration", $"{config.LeaseDuration} is not longer than the renewal interval {config.LeaseRenewalInterval}, so healthy instances would be evicted.", "Make the lease at least twice the renewal interval (Eureka: 30s renewal, 90s lease)."));
        }

        CheckNetworks(config.Access.TrustedNetworks, "access.trusted-networks", errors);
        CheckNetworks(config.Access.ReadNetworks, "access.read-networks", errors);
        if (config.Access.Username.Length > 0 != config.Access.Password.Length > 0)
        {
            errors.Add(new ConfigError(null, $"{Root}.access", "has only one of 'username' and 'password'.", "Give both to require basic credentials, or neither."));
        }

        if (config.Access.Username.Contains(':', StringComparison.Ordinal))
        {
            errors.Add(new ConfigError(null, $"{Root}.access.username", "contains ':', which basic authentication cannot carry.", "Choose a user name without ':'."));
        }

        for (var i = 0; i < config.EurekaClient.ServerUrls.Count; i++)
        {
            var url = config.EurekaClient.ServerUrls[i];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                // The URL may carry a password: name its position, not its text.
                errors.Add(new ConfigError(null, $"{Root}.eureka-client.server-urls[{i}]", "is not an absolute http or https URL.", "Write e.g. 'http://eureka:8761/eureka/'."));
            }
        }

        for (var i = 0; i < config.EurekaClient.Apps.Count; i++)
        {
            if (InstanceValidator.CheckAppName(config.EurekaClient.Apps[i]) is { } problem)
            {
                errors.Add(new ConfigError(null, $"{Root}.eureka-client.apps[{i}]", problem, "Write an application name."));
            }
        }

        var seen = new HashSet<(string, string)>();
        foreach (var (instance, field) in instances)
        {
            var candidate = StaticInstances.ToServiceInstance(instance, DateTimeOffset.UnixEpoch);
            foreach (var problem in InstanceValidator.Validate(candidate))
            {
                var name = problem.Field == InstanceField.Id && instance.Id.Length == 0 ? "host" : FieldName(problem.Field);
                errors.Add(new ConfigError(null, $"{field}.{name}", problem.Message, "Fix the static instance, or remove it."));
            }

            if (!seen.Add((instance.App.ToUpperInvariant(), candidate.InstanceId)))
            {
                errors.Add(new ConfigError(null, $"{field}.id", $"'{candidate.InstanceId}' is listed twice for '{instance.App}'.", "Give each instance of an application its own id (or host:port)."));
            }
        }
    }

    private static string FieldName(InstanceField field) => field switch
    {
        InstanceField.App => "app",
        InstanceField.Id => "id",
        InstanceField.Host => "host",
        InstanceField.Port => "port",
        InstanceField.Scheme => "scheme",
        InstanceField.Weight => "weight",
        InstanceField.Status => "status",
        InstanceField.LeaseDuration => "lease-duration",
        InstanceField.Details => "details",
        _ => "metadata",
    };

    private static void CheckNetworks(IReadOnlyList<string> networks, string name, List<ConfigError> errors)
    {
        for (var i = 0; i < networks.Count; i++)
        {
            if (!Security.Networks.IpParser.TryParseNetwork(networks[i], out _, out var problem))
            {
                errors.Add(new ConfigError(null, $"{Root}.{name}[{i}]", $"'{networks[i]}' {problem}", "Write e.g. 10.0.0.0/8, 192.168.1.10 or fd00::/8."));
            }
        }
    }
}
