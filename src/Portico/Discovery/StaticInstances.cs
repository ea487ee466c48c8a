using System.Globalization;

namespace Portico.Discovery;

/// <summary>Turns configured instances into registry instances (no lease: they stay until the configuration drops them).</summary>
internal static class StaticInstances
{
    public const string Source = "static";

    public static ServiceInstance ToServiceInstance(StaticInstanceConfig config, DateTimeOffset now) => new()
    {
        AppName = config.App,
        InstanceId = config.Id.Length > 0 ? config.Id : DefaultId(config.Host, config.Port),
        Host = config.Host,
        Port = config.Port,
        Scheme = config.Scheme,
        Status = config.Status,
        ReportedStatus = config.Status,
        Metadata = config.Metadata,
        Weight = config.Weight,
        RegisteredAt = now,
        LastHeartbeat = now,
        LastUpdated = now,
        LeaseDuration = TimeSpan.Zero,
        Source = Source,
    };

    /// <summary><c>host:port</c>, with brackets around an IPv6 literal.</summary>
    public static string DefaultId(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
