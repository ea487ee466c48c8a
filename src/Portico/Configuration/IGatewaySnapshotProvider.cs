using Portico.Routing;

namespace Portico.Configuration;

/// <summary>The configuration in force and the outcome of the latest reload.</summary>
public interface IGatewaySnapshotProvider
{
    /// <summary>The current snapshot; read once per request, replaced atomically on a good reload.</summary>
    GatewaySnapshot Current { get; }

    /// <summary>The outcome of the most recent load or reload.</summary>
    ConfigReloadStatus Status { get; }

    /// <summary>Re-reads the configuration sources and swaps in the result when it is valid.</summary>
    ConfigReloadStatus Refresh();
}

/// <summary>A validated configuration and the route table compiled from it.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Routes">The compiled routes.</param>
/// <param name="Generation">Incremented on every successful load.</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record GatewaySnapshot(PorticoConfig Config, RouteTable Routes, long Generation, DateTimeOffset LoadedAt);

/// <summary>The outcome of a load or reload.</summary>
/// <param name="Succeeded">Whether the latest attempt produced the snapshot in force.</param>
/// <param name="AttemptedAt">When the latest attempt ran.</param>
/// <param name="Errors">Every problem of the latest attempt (empty on success).</param>
/// <param name="Generation">Generation of the snapshot in force.</param>
public sealed record ConfigReloadStatus(bool Succeeded, DateTimeOffset AttemptedAt, IReadOnlyList<ConfigError> Errors, long Generation);
