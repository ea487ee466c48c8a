namespace Portico.Configuration;

/// <summary>
/// The configuration in force, without the route table. The services that global filters use read it: the snapshot
/// provider (<see cref="IGatewaySnapshotProvider"/>) is built from the global filters, so they cannot take it.
/// </summary>
internal interface IGatewayConfigProvider
{
    /// <summary>The configuration of the latest good load; replaced atomically on a good reload.</summary>
    PorticoConfig Config { get; }
}
