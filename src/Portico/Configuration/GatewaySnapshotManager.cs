using Portico.Routing;

namespace Portico.Configuration;

/// <summary>
/// The snapshots the gateway runs: each configuration <see cref="GatewayConfigManager"/> loads, with the global filters
/// sorted into its routes. Swaps in step with the loader, so <see cref="Status"/> never reports a generation that
/// <see cref="Current"/> does not hold yet.
/// </summary>
internal sealed class GatewaySnapshotManager : IGatewaySnapshotProvider, IDisposable
{
    private readonly GatewayConfigManager _config;
    private readonly RouteTableBuilder _builder;
    private GatewaySnapshot _current;

    public GatewaySnapshotManager(GatewayConfigManager config, RouteTableBuilder builder)
    {
        _config = config;
        _builder = builder;
        _current = WithGlobalFilters(config.Current);
        config.Changed += OnConfigChanged;
    }

    public GatewaySnapshot Current => Volatile.Read(ref _current);

    public ConfigReloadStatus Status => _config.Status;

    /// <summary>Raised after every swap, with the new snapshot.</summary>
    public event Action<GatewaySnapshot>? Changed;

    public ConfigReloadStatus Refresh() => _config.Refresh();

    public void Dispose() => _config.Changed -= OnConfigChanged;

    private void OnConfigChanged(GatewaySnapshot loaded)
    {
        var snapshot = WithGlobalFilters(loaded);
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }

    private GatewaySnapshot WithGlobalFilters(GatewaySnapshot loaded) => loaded with { Routes = _builder.WithGlobalFilters(loaded.Routes) };
}
