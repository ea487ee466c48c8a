using System.Collections.Frozen;

namespace Portico.Linkis;

/// <summary>
/// <see cref="LinkisConfig"/> compiled for the request path: lookup sets built once per configuration snapshot.
/// Immutable; <see cref="LinkisSettingsCache"/> hands out the one for the configuration in force.
/// </summary>
internal sealed class LinkisSettings
{
    public LinkisSettings(LinkisConfig config)
    {
        Config = config;
        UserUriPrefix = config.UserUri.TrimEnd('/') + "/";
        PublicServices = config.PublicServiceList.ToFrozenSet(StringComparer.Ordinal);
        DataSourceServices = config.DataSourceList.ToFrozenSet(StringComparer.Ordinal);
        ManagerServices = config.ManagerList.ToFrozenSet(StringComparer.Ordinal);
        ContextServiceApplication = config.PublicServiceEnabled && PublicServices.Contains("contextservice")
            ? config.PublicServiceName
            : config.ContextServiceName;
        EntranceTarget = new ServiceTarget(config.EntranceName);
        EngineConnManagerTarget = new ServiceTarget(config.EngineConnManagerName);
        PublicServiceTarget = new ServiceTarget(config.PublicServiceName);
        DataSourceTarget = new ServiceTarget(config.DataSourceName);
        ManagerTarget = new ServiceTarget(config.ManagerName);
        var labelRouted = new HashSet<string>(config.LabelRoutedServices, StringComparer.OrdinalIgnoreCase) { config.EntranceName };
        LabelRoutedServices = labelRouted.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        if (config.GatewayInstance.Length > 0 && LinkisNode.TryParseInstance(config.GatewayInstance, out var host, out var port))
        {
            ConfiguredInstance = config.GatewayInstance;
            ConfiguredHost = host;
            ConfiguredPort = port;
        }
    }

    public LinkisConfig Config { get; }

    /// <summary><see cref="LinkisConfig.UserUri"/> with exactly one trailing slash: only paths below it match.</summary>
    public string UserUriPrefix { get; }

    public FrozenSet<string> PublicServices { get; }

    public FrozenSet<string> DataSourceServices { get; }

    public FrozenSet<string> ManagerServices { get; }

    /// <summary>The public service when it serves <c>contextservice</c> (the default), else the dedicated context service.</summary>
    public string ContextServiceApplication { get; }

    /// <summary>Applications (case-insensitive) whose requests carry route labels: the entrance plus the configured ones.</summary>
    public FrozenSet<string> LabelRoutedServices { get; }

    public ServiceTarget EntranceTarget { get; }

    public ServiceTarget EngineConnManagerTarget { get; }

    public ServiceTarget PublicServiceTarget { get; }

    public ServiceTarget DataSourceTarget { get; }

    public ServiceTarget ManagerTarget { get; }

    public string? ConfiguredInstance { get; }

    public string? ConfiguredHost { get; }

    public int ConfiguredPort { get; }
}

/// <summary>Compiles <see cref="LinkisConfig"/> once per configuration snapshot; a reload swaps in a new one.</summary>
internal sealed class LinkisSettingsCache
{
    private LinkisSettings? _current;

    public LinkisSettings Get(LinkisConfig config)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Config, config))
        {
            return current;
        }

        // Two requests racing after a reload may both compile; either result is correct and the last one stays.
        var compiled = new LinkisSettings(config);
        Volatile.Write(ref _current, compiled);
        return compiled;
    }
}
