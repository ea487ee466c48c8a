using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;

namespace Portico.Discovery.Eureka;

/// <summary>
/// Eureka client mode: keeps a mirror of an external Eureka server's registry, as Eureka's own clients do - one full
/// fetch, then deltas every <see cref="EurekaClientConfig.FetchInterval"/>, with a full fetch again whenever the
/// server's reconcile hash code disagrees with the mirror's. Server URLs are tried in order. While the server cannot be
/// reached the last mirror stays in force. The mirrored applications (all, or those in
/// <see cref="EurekaClientConfig.Apps"/>) are published into the registry.
/// </summary>
internal sealed partial class EurekaMirrorService : BackgroundService
{
    private readonly ServiceRegistry _registry;
    private readonly GatewaySnapshotManager _snapshots;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Dictionary<InstanceKey, ServiceInstance> _mirror = [];
    private TaskCompletionSource _configChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EurekaClientConfig? _mirroredConfig;

    public EurekaMirrorService(ServiceRegistry registry, GatewaySnapshotManager snapshots, TimeProvider time, ILogger<EurekaMirrorService> logger)
    {
        _registry = registry;
        _snapshots = snapshots;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _snapshots.Changed += OnConfigurationChanged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _snapshots.Changed -= OnConfigurationChanged;
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var needFull = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _configChanged).Task;
            var config = _snapshots.Current.Config.Discovery.EurekaClient;
            var wait = config.FetchInterval;
            if (config.ServerUrls.Count == 0)
            {
                if (_mirroredConfig is not null)
                {
                    _mirror.Clear();
                    _registry.ReplaceMirrored([]);
                    _mirroredConfig = null;
                    LogStopped(_logger);
                }

                needFull = true;
                wait = Timeout.InfiniteTimeSpan;
            }
            else
            {
                if (_mirroredConfig is null || !_mirroredConfig.ServerUrls.SequenceEqual(config.ServerUrls))
                {
                    // Another server is another registry: start over rather than apply its deltas to the old mirror.
                    _mirror.Clear();
                    needFull = true;
                }

                _mirroredConfig = config;
                needFull = !await FetchAsync(config, needFull || !config.UseDelta, stoppingToken);
            }

            try
            {
                await Task.WhenAny(Task.Delay(wait, _time, stoppingToken), changed);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Fetches once; returns false when the mirror could not be brought up to date (the next fetch is a full one).</summary>
    internal async Task<bool> FetchAsync(EurekaClientConfig config, bool full, CancellationToken cancellationToken)
    {
        for (var i = 0; i < config.ServerUrls.Count; i++)
        {
            var server = config.ServerUrls[i];
            try
            {
                if (!full)
                {
                    var (delta, serverHash) = await GetAsync(server, "apps/delta", config, cancellationToken);
                    ApplyDelta(delta);
                    var localHash = EurekaFormat.HashCode(_mirror.Values);
                    if (string.Equals(localHash, serverHash, StringComparison.Ordinal))
                    {
                        Publish(config);
                        return true;
                    }

                    LogHashMismatch(_logger, i, localHash, serverHash);
                }

                var (all, _) = await GetAsync(server, "apps/", config, cancellationToken);
                _mirror.Clear();
                ApplyDelta(all);
                Publish(config);
                LogFullFetch(_logger, i, _mirror.Count);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or EurekaFormatException or System.Text.Json.JsonException)
            {
                // The URL may hold credentials: log its position, not its text.
                LogFetchFailed(_logger, i, ex.Message);
                full = true;
            }
        }

        return false;
    }

    private async Task<(List<(EurekaInstanceFields Fields, ServiceInstance? Instance)> Items, string Hash)> GetAsync(string server, string path, EurekaClientConfig config, CancellationToken cancellationToken)
    {
        var baseUri = new Uri(server.EndsWith('/') ? server : server + "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (baseUri.UserInfo.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(baseUri.UserInfo))));
        }

        using var timeout = new CancellationTokenSource(config.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
        var (fields, hash) = EurekaJson.ReadApplications(body);
        var now = _time.GetUtcNow();
        var items = new List<(EurekaInstanceFields, ServiceInstance?)>(fields.Count);
        foreach (var f in fields)
        {
            ServiceInstance? instance = null;
            try
            {
                instance = EurekaInstanceMapper.ToServiceInstance(f, null, ServiceRegistry.MirrorSource) with
                {
                    // The remote server owns these leases; the mirror drops an instance when the server does.
                    LeaseDuration = TimeSpan.Zero,
                    RegisteredAt = now,
                    LastHeartbeat = now,
                    LastUpdated = now,
                };
                if (InstanceValidator.Validate(instance).Count > 0)
                {
                    instance = null;
                }
            }
            catch (EurekaFormatException ex)
            {
                LogInstanceSkipped(_logger, f.App ?? "?", f.InstanceId ?? f.HostName ?? "?", ex.Field, ex.Message);
            }

            items.Add((f, instance));
        }

        return (items, hash);
    }

    private void ApplyDelta(List<(EurekaInstanceFields Fields, ServiceInstance? Instance)> items)
    {
        foreach (var (fields, instance) in items)
        {
            if (string.Equals(fields.ActionType, "DELETED", StringComparison.OrdinalIgnoreCase))
            {
                var app = fields.App;
                var id = string.IsNullOrWhiteSpace(fields.InstanceId) ? fields.HostName : fields.InstanceId;
                if (app is not null && id is not null)
                {
                    _mirror.Remove(InstanceKey.Of(app, id.Trim()));
                }
            }
            else if (instance is not null)
            {
                _mirror[InstanceKey.Of(instance)] = instance;
            }
        }
    }

    private void Publish(EurekaClientConfig config)
    {
        if (config.Apps.Count == 0)
        {
            _registry.ReplaceMirrored(_mirror.Values);
            return;
        }

        var wanted = new HashSet<string>(config.Apps, StringComparer.OrdinalIgnoreCase);
        var selected = new List<ServiceInstance>();
        foreach (var instance in _mirror.Values)
        {
            if (wanted.Contains(instance.AppName))
            {
                selected.Add(instance);
            }
        }

        _registry.ReplaceMirrored(selected);
    }

    private void OnConfigurationChanged(GatewaySnapshot snapshot) =>
        Interlocked.Exchange(ref _configChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 60, Level = LogLevel.Information, Message = "Fetched the full registry from Eureka server #{ServerIndex}: {Count} instances")]
    private static partial void LogFullFetch(ILogger logger, int serverIndex, int count);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 61, Level = LogLevel.Warning, Message = "Could not fetch from Eureka server #{ServerIndex}: {Reason}; keeping the last mirror")]
    private static partial void LogFetchFailed(ILogger logger, int serverIndex, string reason);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 62, Level = LogLevel.Debug, Message = "Delta from Eureka server #{ServerIndex} left hash {LocalHash}, server has {ServerHash}; fetching everything")]
    private static partial void LogHashMismatch(ILogger logger, int serverIndex, string localHash, string serverHash);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 63, Level = LogLevel.Warning, Message = "Skipped mirrored instance {InstanceId} of {App}: {Field} {Problem}")]
    private static partial void LogInstanceSkipped(ILogger logger, string app, string instanceId, string field, string problem);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 64, Level = LogLevel.Information, Message = "Eureka client mode is off; mirrored instances removed")]
    private static partial void LogStopped(ILogger logger);
}
