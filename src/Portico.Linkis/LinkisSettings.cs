using System.Collections.Frozen;

namespace Portico.Linkis;

/// <summary>
/// <see cref="LinkisConfig"/> compiled for the request path: lookup sets built once per configuration snapshot.
/// Immutable apart from a cache of the formatted local address; <see cref="LinkisSettingsCache"/> hands out the one for
/// the configuration in force.
/// </summary>
internal sealed class LinkisSettings
{
    private NodeAddress? _lastLocalAddress;

    public LinkisSettings(LinkisConfig config)
    {
        Config = config;
        UserUriPrefix = config.UserUri.TrimEnd('/') + "/";
        PublicServices = config.PublicServiceList.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        DataSourceServices = config.DataSourceList.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        ManagerServices = config.ManagerList.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
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
            ConfiguredAddress = NodeAddress.Create(host, port, null);
        }
    }

    public LinkisConfig Config { get; }

    /// <summary><see cref="LinkisConfig.UserUri"/> with exactly one trailing slash: only paths below it match.</summary>
    public string UserUriPrefix { get; }

    /// <summary>Service ids of the public service, looked up by span so the common rule allocates nothing to ask.</summary>
    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PublicServices { get; }

    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> DataSourceServices { get; }

    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ManagerServices { get; }

    /// <summary>The public service when it serves <c>contextservice</c> (the default), else the dedicated context service.</summary>
    public string ContextServiceApplication { get; }

    /// <summary>Applications (case-insensitive) whose requests carry route labels: the entrance plus the configured ones.</summary>
    public FrozenSet<string> LabelRoutedServices { get; }

    public ServiceTarget EntranceTarget { get; }

    public ServiceTarget EngineConnManagerTarget { get; }

    public ServiceTarget PublicServiceTarget { get; }

    public ServiceTarget DataSourceTarget { get; }

    public ServiceTarget ManagerTarget { get; }

    /// <summary>The node address from <see cref="LinkisConfig.GatewayInstance"/>, or null to use the local address.</summary>
    public NodeAddress? ConfiguredAddress { get; }

    /// <summary>The local address last seen, formatted (a benign race: any writer stores a correct value).</summary>
    public NodeAddress? LastLocalAddress
    {
        get => Volatile.Read(ref _lastLocalAddress);
        set => Volatile.Write(ref _lastLocalAddress, value);
    }
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
