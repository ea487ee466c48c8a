using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Health;

/// <summary>
/// Probes the UP instances of every registered service whose settings give an active probe path: one round per
/// service each interval, the instances of a round probed concurrently, each probe bounded by the service's timeout.
/// Config and registry changes are seen within a second. Results go to <see cref="InstanceHealthStore"/>.
/// </summary>
internal sealed partial class ActiveHealthChecker : BackgroundService
{
    // The longest the loop sleeps, so new services, instances and settings are picked up promptly.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(1);

    private readonly IGatewaySnapshotProvider _snapshots;
    private readonly InstanceHealthStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ActiveHealthChecker> _logger;
    private readonly IServiceRegistry _registry;
    private readonly HttpMessageInvoker _client;
    private readonly ConcurrentDictionary<string, StatusCodeRanges> _statusRanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Schedule> _schedules = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _gone = [];

    public ActiveHealthChecker(
        IGatewaySnapshotProvider snapshots,
        InstanceHealthStore store,
        TimeProvider time,
        ILogger<ActiveHealthChecker> logger,
        IServiceRegistry registry)
    {
        _snapshots = snapshots;
        _store = store;
        _time = time;
        _logger = logger;
        _registry = registry;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                // Read per handshake, so a reload of the setting applies to new connections.
                RemoteCertificateValidationCallback = (_, _, _, errors) =>
                    errors == SslPolicyErrors.None || _snapshots.Current.Config.HttpClient.DangerousAcceptAnyServerCertificate,
            },
        });
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    /// <summary>Probes every UP instance of <paramref name="serviceId"/> once and records the results.</summary>
    internal async Task ProbeServiceAsync(string serviceId, ActiveHealthCheckConfig config, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(config.Path))
        {
            return;
        }

        var ranges = _statusRanges.GetOrAdd(config.HealthyStatuses, StatusCodeRanges.ParseOrDefault);
        var instances = _registry.Current.GetInstances(serviceId);
        var probes = new List<Task>(instances.Count);
        foreach (var instance in instances)
        {
            if (instance.Status == InstanceStatus.Up)
            {
                probes.Add(ProbeAsync(serviceId, instance, config, ranges, cancellationToken));
            }
        }

        await Task.WhenAll(probes);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = StartDueRounds(stoppingToken);
                await Task.Delay(wait, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var schedule in _schedules.Values)
            {
                if (schedule.Round is { } round)
                {
                    await round.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    /// <summary>Starts the rounds that are due and returns how long to sleep until the next one.</summary>
    private TimeSpan StartDueRounds(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var config = _snapshots.Current.Config;
        var registry = _registry.Current;
        var wake = now + MaxIdle;
        var seen = _seen;
        seen.Clear();
        foreach (var serviceId in registry.Applications)
        {
            var active = ServiceConfigLookup.For(config, serviceId).Health.Active;
            if (string.IsNullOrEmpty(active.Path))
            {
                continue;
            }

            seen.Add(serviceId);
            if (!_schedules.TryGetValue(serviceId, out var schedule))
            {
                schedule = new Schedule { Due = now };
                _schedules[serviceId] = schedule;
            }

            // A round still running (slow probes) is not overlapped by the next one.
            if (now >= schedule.Due && schedule.Round is not { IsCompleted: false })
            {
                schedule.Round = RunRoundAsync(serviceId, active, stoppingToken);
                schedule.Due = now + active.Interval;
            }

            if (schedule.Due < wake)
            {
                wake = schedule.Due;
            }
        }

        _gone.Clear();
        foreach (var (serviceId, schedule) in _schedules)
        {
            if (!seen.Contains(serviceId) && schedule.Round is not { IsCompleted: false })
            {
                _gone.Add(serviceId);
            }
        }

        foreach (var serviceId in _gone)
        {
            _schedules.Remove(serviceId);
        }

        var wait = wake - now;
        return wait > TimeSpan.FromMilliseconds(10) ? wait : TimeSpan.FromMilliseconds(10);
    }

    private async Task RunRoundAsync(string serviceId, ActiveHealthCheckConfig config, CancellationToken stoppingToken)
    {
        try
        {
            await ProbeServiceAsync(serviceId, config, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogRoundFailed(_logger, serviceId, ex);
        }
    }

    private async Task ProbeAsync(string serviceId, ServiceInstance instance, ActiveHealthCheckConfig config, StatusCodeRanges ranges, CancellationToken stoppingToken)
    {
        bool success;
        string detail;
        using var timeout = new CancellationTokenSource(config.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            var uri = new Uri($"{(instance.IsSecure ? "https" : "http")}://{InstanceLoad.FormatAuthority(instance.Host, instance.Port)}{config.Path}");
            using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11 };
            request.Headers.UserAgent.ParseAdd("Portico-HealthCheck");
            using var response = await _client.SendAsync(request, linked.Token);
            var status = (int)response.StatusCode;
            success = ranges.Contains(status);
            detail = $"GET {config.Path} returned {status}";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            success = false;
            detail = $"GET {config.Path} timed out after {InstanceHealth.Format(config.Timeout)}";
        }
        catch (HttpRequestException ex)
        {
            success = false;
            detail = $"GET {config.Path} failed: {Describe(ex)}";
        }

        _store.ReportProbe(serviceId, instance, success, detail, config);
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "connection failed",
        HttpRequestError.NameResolutionError => "host name not resolved",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => "connection closed before a response",
        HttpRequestError.InvalidResponse => "invalid response",
        _ => "transport error (" + ex.HttpRequestError + ")",
    };

    [LoggerMessage(EventId = Logging.EventIdRanges.Health + 10, Level = LogLevel.Error, Message = "Service {ServiceId}: active health check round failed")]
    private static partial void LogRoundFailed(ILogger logger, string serviceId, Exception exception);

    private sealed class Schedule
    {
        public DateTimeOffset Due;
        public Task? Round;
    }
}
