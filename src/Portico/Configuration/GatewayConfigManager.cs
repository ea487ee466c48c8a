using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Portico.Routing;

namespace Portico.Configuration;

/// <summary>
/// Loads, validates and hot-swaps the gateway configuration. At start-up an invalid configuration throws with every
/// problem named; on reload an invalid one is logged and reported while the last good snapshot stays in force. Its
/// routes are compiled without the global filters: it depends on no global filter, so the services global filters use
/// can read the configuration in force (<see cref="IGatewayConfigProvider"/>) without a construction cycle.
/// <see cref="GatewaySnapshotManager"/> adds the global filters.
/// </summary>
internal sealed partial class GatewayConfigManager : IGatewayConfigProvider, IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly RouteCompiler _compiler;
    private readonly IReadOnlyList<ConfigFileStatus> _files;
    private readonly TimeProvider _time;
    // The category the loading messages have always had: they are the snapshot manager's to an operator.
    private readonly ILogger<GatewaySnapshotManager> _logger;
    private readonly IPorticoConfigValidator[] _validators;
    private readonly IPorticoConfigSection[] _sections;
    private readonly Lock _reloadLock = new();
    private readonly IDisposable? _changeSubscription;
    private GatewaySnapshot _current;
    private ConfigReloadStatus _status;

    public GatewayConfigManager(
        IConfiguration configuration,
        RouteCompiler compiler,
        IEnumerable<ConfigFileStatus> files,
        TimeProvider time,
        ILogger<GatewaySnapshotManager> logger,
        IEnumerable<IPorticoConfigValidator>? validators = null,
        IEnumerable<IPorticoConfigSection>? sections = null)
    {
        _sections = sections is null ? [] : [.. sections];
        _validators = validators is null ? [] : [.. validators];
        _configuration = configuration;
        _compiler = compiler;
        _files = [.. files];
        _time = time;
        _logger = logger;

        var (snapshot, errors) = Load(generation: 1);
        if (snapshot is null)
        {
            throw new PorticoConfigException(errors);
        }

        _current = snapshot;
        _status = new ConfigReloadStatus(true, snapshot.LoadedAt, [], snapshot.Generation);
        LogLoaded(_logger, snapshot.Routes.Routes.Count, snapshot.Generation);
        _changeSubscription = ChangeToken.OnChange(_configuration.GetReloadToken, OnConfigurationChanged);
    }

    /// <summary>The snapshot in force, its routes without the global filters.</summary>
    public GatewaySnapshot Current => Volatile.Read(ref _current);

    PorticoConfig IGatewayConfigProvider.Config => Current.Config;

    public ConfigReloadStatus Status => Volatile.Read(ref _status);

    /// <summary>Raised on every swap, before <see cref="Status"/> reports it.</summary>
    public event Action<GatewaySnapshot>? Changed;

    public ConfigReloadStatus Refresh()
    {
        if (_configuration is IConfigurationRoot root)
        {
            // Reloading the providers fires the change token, which rebuilds; rebuild here too so the caller sees the result.
            root.Reload();
        }

        return Rebuild();
    }

    public void Dispose() => _changeSubscription?.Dispose();

    private void OnConfigurationChanged() => Rebuild();

    private ConfigReloadStatus Rebuild()
    {
        lock (_reloadLock)
        {
            var now = _time.GetUtcNow();
            var previous = Current;
            var (snapshot, errors) = Load(previous.Generation + 1);
            if (snapshot is null)
            {
                foreach (var error in errors)
                {
                    LogReloadError(_logger, error.ToString());
                }

                LogReloadRejected(_logger, errors.Count, previous.Generation);
                var failed = new ConfigReloadStatus(false, now, errors, previous.Generation);
                Volatile.Write(ref _status, failed);
                return failed;
            }

            if (snapshot.Config == previous.Config)
            {
                // Nothing changed (file touched, or a second notification for one save): keep the snapshot and its objects.
                var same = new ConfigReloadStatus(true, now, [], previous.Generation);
                Volatile.Write(ref _status, same);
                return same;
            }

            Volatile.Write(ref _current, snapshot);
            LogReloaded(_logger, snapshot.Routes.Routes.Count, snapshot.Generation);

            // Subscribers (the snapshot manager) swap first, so a status that reports the generation finds it in force.
            Changed?.Invoke(snapshot);
            var ok = new ConfigReloadStatus(true, now, [], snapshot.Generation);
            Volatile.Write(ref _status, ok);
            return ok;
        }
    }

    private (GatewaySnapshot? Snapshot, IReadOnlyList<ConfigError> Errors) Load(long generation)
    {
        var errors = new List<ConfigError>();
        foreach (var file in _files)
        {
            if (file.Error is { } fileError)
            {
                errors.Add(new ConfigError(null, file.Path ?? "config file", fileError, "Fix the file's syntax; the last good configuration stays in force."));
            }
        }

        var config = PorticoConfigReader.Read(_configuration, errors, _sections);
        foreach (var validator in _validators)
        {
            validator.Validate(config, errors);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var (table, buildErrors) = _compiler.Build(config);
        return table is null ? (null, buildErrors) : (new GatewaySnapshot(config, table, generation, _time.GetUtcNow()), []);
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 1, Level = LogLevel.Information, Message = "Loaded {RouteCount} routes (generation {Generation})")]
    private static partial void LogLoaded(ILogger logger, int routeCount, long generation);

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 2, Level = LogLevel.Information, Message = "Reloaded configuration: {RouteCount} routes (generation {Generation})")]
    private static partial void LogReloaded(ILogger logger, int routeCount, long generation);

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 3, Level = LogLevel.Error, Message = "Configuration reload error: {Error}")]
    private static partial void LogReloadError(ILogger logger, string error);

    [LoggerMessage(EventId = Logging.EventIdRanges.Configuration + 4, Level = LogLevel.Error, Message = "Configuration reload rejected with {ErrorCount} errors; generation {Generation} stays in force")]
    private static partial void LogReloadRejected(ILogger logger, int errorCount, long generation);
}
