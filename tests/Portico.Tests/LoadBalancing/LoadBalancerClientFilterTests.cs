using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Discovery;
using Portico.Errors;
using Portico.Health;
using Portico.LoadBalancing;
using Portico.Logging;
using Portico.Routing;
using Portico.Tests.Observability;
using Portico.Tests.TestSupport;

namespace Portico.Tests.LoadBalancing;

public class LoadBalancerClientFilterTests
{
    private readonly InMemoryServiceRegistry _registry = new();
    private readonly ManualTimeProvider _time = new();
    private readonly InstanceLoadTracker _load;
    private readonly InstanceHealthStore _health;
    private readonly LoadBalancingMetrics _metrics;
    private readonly LoadBalancerClientFilter _filter;
    private readonly ServiceProvider _services;

    public LoadBalancerClientFilterTests()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _load = new InstanceLoadTracker(_registry);
        _health = new InstanceHealthStore(_time, NullLogger<InstanceHealthStore>.Instance, _registry);
        _metrics = new LoadBalancingMetrics(_services.GetRequiredService<IMeterFactory>());
        var selector = new InstanceSelector(
            [
                new LoadBalancingStep([new RoundRobinPolicy(), new PowerOfTwoChoicesPolicy(new SequenceRandom())], NullLogger<LoadBalancingStep>.Instance),
                new HealthStep(_health),
                new RegistryStatusStep(),
                new AffinityStep(),
                new PreviousAttemptsStep(),
            ],
            _load,
            _registry);
        _filter = new LoadBalancerClientFilter(selector, _health, _load, _metrics, _time, NullLogger<LoadBalancerClientFilter>.Instance);
        _registry.Set(Lb.Instances(3));
    }

    private static PorticoConfig Config(ServiceConfig? orders = null, bool use404 = false) => new()
    {
        LoadBalancer = new LoadBalancerConfig { Use404 = use404 },
        Services = new Dictionary<string, ServiceConfig>(StringComparer.OrdinalIgnoreCase)
        {
            ["orders"] = orders ?? new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin },
        },
    };

    private static GatewayExchange Exchange(
        string url = "lb://orders/items?id=1",
        string method = "GET",
        PorticoConfig? config = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        Route? route = null)
    {
        var exchange = TestExchange.Create(method, "/items?id=1", headers, config: config ?? Config());
        exchange.RequestUrl = new Uri(url);
        if (route is not null)
        {
            exchange.Route = route;
        }

        return exchange;
    }

    private static GatewayException ConnectRefused() =>
        new(502, "Upstream unreachable.", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

    private static GatewayException ConnectionReset() =>
        new(502, "Upstream closed the connection.", new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

    private static Route RouteWithMetadata(string metadata)
    {
        var (table, errors) = new RouteTableBuilder([], [], []).Build(ConfigText.Read($"portico:\n  routes:\n    - id: r\n      uri: lb://orders\n      metadata:\n{metadata}"));
        Assert.Empty(errors);
        return table!.Routes[0];
    }

    /// <summary>Runs the filter; the terminal fails for the listed authorities and records every attempted URL.</summary>
    private async Task<List<string>> RunAsync(GatewayExchange exchange, Func<GatewayExchange, Exception?>? fail = null, int status = 200)
    {
        var attempts = new List<string>();
        await TestExchange.RunAsync(_filter, exchange, e =>
        {
            attempts.Add(e.RequestUrl!.ToString());
            if (fail?.Invoke(e) is { } ex)
            {
                throw ex;
            }

            e.MarkRouted();
            e.Response.StatusCode = status;
            return ValueTask.CompletedTask;
        });
        return attempts;
    }

    [Fact]
    public async Task NonLbUrl_PassesThroughUntouched()
    {
        var exchange = Exchange("http://10.9.9.9:80/x");
        var attempts = await RunAsync(exchange);
        Assert.Equal(["http://10.9.9.9/x"], attempts);
        Assert.Null(exchange.UpstreamAuthority);
    }

    [Fact]
    public async Task LbUrl_ResolvedToInstanceKeepingPathAndQuery()
    {
        var exchange = Exchange();
        var attempts = await RunAsync(exchange);
        Assert.Equal(["http://10.0.0.1:8080/items?id=1"], attempts);
        Assert.Equal("10.0.0.1:8080", exchange.UpstreamAuthority);
        Assert.Equal([new Uri("lb://orders/items?id=1")], exchange.OriginalRequestUrls);
    }

    [Fact]
    public async Task SecureInstance_UsesHttps()
    {
        _registry.Set(Lb.Instance("a", "10.0.0.7", 8443, scheme: "https"));
        Assert.Equal(["https://10.0.0.7:8443/items?id=1"], await RunAsync(Exchange()));
    }

    [Fact]
    public async Task WebSocketUpgradeOnLbRoute_UsesWs()
    {
        var exchange = Exchange(headers: [new("Upgrade", "websocket"), new("Connection", "Upgrade")]);
        exchange.HttpContext.Features.Set<IHttpUpgradeFeature>(new Upgradable());
        Assert.Equal(["ws://10.0.0.1:8080/items?id=1"], await RunAsync(exchange));
    }

    [Fact]
    public async Task LbWsPrefix_KeepsRouteScheme()
    {
        var exchange = Exchange("ws://orders/socket");
        exchange.SchemePrefix = "lb";
        Assert.Equal(["ws://10.0.0.1:8080/socket"], await RunAsync(exchange));
    }

    [Fact]
    public async Task Ipv6Instance_AuthorityBracketed()
    {
        _registry.Set(Lb.Instance("a", "::1", 9000));
        Assert.Equal(["http://[::1]:9000/items?id=1"], await RunAsync(Exchange()));
    }

    [Fact]
    public async Task NoInstances_503NamingTheService()
    {
        _registry.Set();
        var ex = await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange()));
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("No available instance for service 'orders'.", ex.Message);
    }

    [Fact]
    public async Task NoInstances_Use404_404()
    {
        _registry.Set();
        var ex = await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(config: Config(use404: true))));
        Assert.Equal(404, ex.StatusCode);
    }

    [Fact]
    public async Task ConnectRefused_RetriedOnNextInstance_AndPassiveHealthLearns()
    {
        var exchange = Exchange();
        var attempts = await RunAsync(exchange, e => e.UpstreamAuthority == "10.0.0.1:8080" ? ConnectRefused() : null);
        // Round robin has moved on by one; of the remaining [b, c] its second pick is c.
        Assert.Equal(["http://10.0.0.1:8080/items?id=1", "http://10.0.0.3:8080/items?id=1"], attempts);
        Assert.Equal("10.0.0.3:8080", exchange.UpstreamAuthority);
        Assert.True(exchange.IsAlreadyRouted);
        var a = _health.GetReport("orders", _registry.Current.GetInstances("orders")[0]);
        Assert.Equal(1, a.ConsecutiveFailures);
        Assert.Equal(0, _load.GetActiveRequests("orders", "a"));
    }

    [Fact]
    public async Task EveryInstanceRefuses_ThrowsTheLastFailureAfterTrying()
    {
        var ex = await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(), _ => ConnectRefused()));
        Assert.Equal(502, ex.StatusCode);
        Assert.All(_registry.Current.GetInstances("orders"), i => Assert.Equal(1, _health.GetReport("orders", i).ConsecutiveFailures));
    }

    [Fact]
    public async Task RetryAttempts_BoundTheAttempts()
    {
        var settings = new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin, Retry = new RetryConfig { Attempts = 2 } };
        var attempts = new List<string>();
        await Assert.ThrowsAsync<GatewayException>(async () => attempts = await RunAsync(Exchange(config: Config(settings)), e =>
        {
            attempts.Add(e.UpstreamAuthority!);
            return ConnectRefused();
        }));
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task RouteMetadataRetryAttempts_OverrideService()
    {
        var route = RouteWithMetadata("        retry-attempts: 1\n");
        var count = 0;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(route: route), _ =>
        {
            count++;
            return ConnectRefused();
        }));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task RetryTimeoutElapsed_NotRetried()
    {
        var count = 0;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(), _ =>
        {
            count++;
            _time.Advance(TimeSpan.FromSeconds(11));
            return ConnectRefused();
        }));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task RequestBodyStarted_NotRetried()
    {
        var count = 0;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(method: "PUT"), e =>
        {
            count++;
            e.RequestBodyStarted = true;
            return ConnectRefused();
        }));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task PostConnectRefusedBeforeBody_Retried()
    {
        var attempts = await RunAsync(Exchange(method: "POST"), e => e.UpstreamAuthority == "10.0.0.1:8080" ? ConnectRefused() : null);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task GetConnectionReset_Retried()
    {
        var attempts = await RunAsync(Exchange(), e => e.UpstreamAuthority == "10.0.0.1:8080" ? ConnectionReset() : null);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task BodilessPostConnectionReset_NotRetried()
    {
        var exchange = Exchange(method: "POST");
        exchange.HttpContext.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(false));
        var count = 0;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(exchange, _ =>
        {
            count++;
            return ConnectionReset();
        }));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task PostWithUnsentBodyConnectionReset_Retried()
    {
        var exchange = Exchange(method: "POST");
        exchange.HttpContext.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        var attempts = await RunAsync(exchange, e => e.UpstreamAuthority == "10.0.0.1:8080" ? ConnectionReset() : null);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task Timeout_NotRetriedButCounted()
    {
        var count = 0;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(), _ =>
        {
            count++;
            return new GatewayException(504, "Upstream did not respond in time.", new TaskCanceledException("timeout"));
        }));
        Assert.Equal(1, count);
        Assert.Equal(1, _health.GetReport("orders", _registry.Current.GetInstances("orders")[0]).ConsecutiveFailures);
    }

    [Fact]
    public async Task ConnectTimeout_RetriedOnNextInstance()
    {
        var attempts = await RunAsync(Exchange(method: "POST"), e => e.UpstreamAuthority == "10.0.0.1:8080"
            ? new GatewayException(504, "Upstream did not accept a connection.", new TaskCanceledException("connect", new TimeoutException()))
            : null);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task ServerRecordsBodyRead_NotRetriedEvenWithoutForwarderFlag()
    {
        var exchange = Exchange(method: "PUT");
        exchange.HttpContext.Features.Set<IHttpMaxRequestBodySizeFeature>(new BodySizeFeature(readOnly: true));
        var count = 0;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(exchange, _ =>
        {
            count++;
            return ConnectionReset();
        }));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task ClientError_NotRetriedNotCounted()
    {
        var count = 0;
        var ex = await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange(method: "POST"), _ =>
        {
            count++;
            return new GatewayException(413, "Request body too large.");
        }));
        Assert.Equal(413, ex.StatusCode);
        Assert.Equal(1, count);
        Assert.Equal(0, _health.GetReport("orders", _registry.Current.GetInstances("orders")[0]).ConsecutiveFailures);
        Assert.Equal(0, _load.GetActiveRequests("orders", "a"));
    }

    [Fact]
    public async Task ClientAborted_NotRetriedNotCounted()
    {
        var exchange = Exchange();
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        exchange.HttpContext.RequestAborted = aborted.Token;
        await Assert.ThrowsAsync<GatewayException>(() => RunAsync(exchange, _ => ConnectRefused()));
        Assert.Equal(0, _health.GetReport("orders", _registry.Current.GetInstances("orders")[0]).ConsecutiveFailures);
    }

    [Fact]
    public async Task UpstreamFiveHundreds_EjectInstanceAfterConsecutiveFailures()
    {
        var a = _registry.Current.GetInstances("orders")[0];
        var settings = new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin, Affinity = new AffinityConfig() };
        for (var i = 0; i < 5; i++)
        {
            await RunAsync(Exchange(config: Config(settings), headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]), status: 503);
        }

        var report = _health.GetReport("orders", a);
        Assert.False(report.Healthy);
        Assert.StartsWith("ejected for 10s after 5 consecutive failures (last: responded 503)", report.Reason, StringComparison.Ordinal);

        var exchange = Exchange(config: Config(settings), headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]);
        await RunAsync(exchange);
        Assert.NotEqual("10.0.0.1:8080", exchange.UpstreamAuthority);
    }

    [Fact]
    public async Task SuccessAfterFailures_ResetsConsecutiveFailures()
    {
        var a = _registry.Current.GetInstances("orders")[0];
        await RunAsync(Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]), status: 500);
        Assert.Equal(1, _health.GetReport("orders", a).ConsecutiveFailures);
        await RunAsync(Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]), status: 404);
        Assert.Equal(0, _health.GetReport("orders", a).ConsecutiveFailures);
    }

    /// <summary>Runs a request pinned to instance a whose terminal leaves a response body to stream, as the HTTP routing filter does.</summary>
    private async Task<GatewayExchange> RunStreamedAsync()
    {
        var exchange = Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]);
        await TestExchange.RunAsync(_filter, exchange, e =>
        {
            e.MarkRouted();
            e.UpstreamResponse = new HttpResponseMessage(HttpStatusCode.OK);
            return ValueTask.CompletedTask;
        });
        return exchange;
    }

    [Fact]
    public async Task StreamedBody_UpstreamFailsMidBody_ReportedAsFailure()
    {
        var a = _registry.Current.GetInstances("orders")[0];
        var exchange = await RunStreamedAsync();
        Assert.NotNull(exchange.ResponseBodyObserver);

        exchange.ResponseBodyObserver.OnResponseBodyRelayed(exchange, new GatewayException(502, "Upstream failed while sending the response body.", new IOException("reset")));

        var report = _health.GetReport("orders", a);
        Assert.Equal(1, report.ConsecutiveFailures);
    }

    [Fact]
    public async Task StreamedBody_SuccessReportedOnlyOnceTheBodyIsRelayed()
    {
        var a = _registry.Current.GetInstances("orders")[0];
        await RunAsync(Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]), status: 500);
        var exchange = await RunStreamedAsync();
        Assert.Equal(1, _health.GetReport("orders", a).ConsecutiveFailures);

        exchange.ResponseBodyObserver!.OnResponseBodyRelayed(exchange, null);

        Assert.Equal(0, _health.GetReport("orders", a).ConsecutiveFailures);
    }

    [Fact]
    public async Task StreamedBody_ClientGoneMidBody_NotReported()
    {
        var a = _registry.Current.GetInstances("orders")[0];
        var exchange = await RunStreamedAsync();
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        exchange.HttpContext.RequestAborted = aborted.Token;

        exchange.ResponseBodyObserver!.OnResponseBodyRelayed(exchange, new OperationCanceledException(aborted.Token));
        exchange.ResponseBodyObserver.OnResponseBodyRelayed(exchange, new GatewayException(502, "Upstream failed while sending the response body.", new IOException("reset")));

        Assert.Equal(0, _health.GetReport("orders", a).ConsecutiveFailures);
    }

    [Fact]
    public async Task StreamedBody_FiveHundred_ReportedAtOnce()
    {
        var a = _registry.Current.GetInstances("orders")[0];
        var exchange = Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080")]);
        await TestExchange.RunAsync(_filter, exchange, e =>
        {
            e.MarkRouted();
            e.Response.StatusCode = 503;
            e.UpstreamResponse = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            return ValueTask.CompletedTask;
        });

        Assert.Null(exchange.ResponseBodyObserver);
        Assert.Equal(1, _health.GetReport("orders", a).ConsecutiveFailures);
    }

    [Fact]
    public async Task InstanceHeaderMetadata_NamesServingInstance()
    {
        var exchange = Exchange(route: RouteWithMetadata("        instance-header: X-Portico-Instance\n"));
        await RunAsync(exchange);
        Assert.Equal("10.0.0.1:8080", exchange.Response.Headers["X-Portico-Instance"].ToString());
    }

    [Fact]
    public async Task NoInstanceHeaderMetadata_NoHeader()
    {
        var exchange = Exchange();
        await RunAsync(exchange);
        Assert.False(exchange.Response.Headers.ContainsKey("X-Portico-Instance"));
    }

    [Fact]
    public async Task FixedInstanceHeader_PinsTheRequest()
    {
        var exchange = Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.3:8080")]);
        await RunAsync(exchange);
        Assert.Equal("10.0.0.3:8080", exchange.UpstreamAuthority);
    }

    [Fact]
    public async Task FixedInstanceRefuses_RetriedElsewhereAndCountedAsFailover()
    {
        using var failovers = new FailoverRecorder(_metrics.Meter!);
        var exchange = Exchange(headers: [new("FIXED_INSTANCE", "10.0.0.3:8080")]);
        var attempts = await RunAsync(exchange, e => e.UpstreamAuthority == "10.0.0.3:8080" ? ConnectRefused() : null);
        Assert.Equal(2, attempts.Count);
        Assert.NotEqual("10.0.0.3:8080", exchange.UpstreamAuthority);
        Assert.Equal([("orders", "attempt_failed")], failovers.Recorded);
    }

    [Fact]
    public async Task FixedInstanceUnknown_ServedElsewhereAndCountedAsFailover()
    {
        using var failovers = new FailoverRecorder(_metrics.Meter!);
        var exchange = Exchange(headers: [new("FIXED_INSTANCE", "10.9.9.9:8080")]);
        await RunAsync(exchange);
        Assert.Equal("10.0.0.1:8080", exchange.UpstreamAuthority);
        Assert.Equal([("orders", "unknown")], failovers.Recorded);
    }

    [Fact]
    public async Task FixedInstanceUnknown_EveryRequestCounted_OneLinePerIntervalSayingHowManyWereHeldBack()
    {
        using var logs = new CapturingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var selector = new InstanceSelector([new LoadBalancingStep([new RoundRobinPolicy()], NullLogger<LoadBalancingStep>.Instance), new AffinityStep()], _load, _registry);
        var filter = new LoadBalancerClientFilter(selector, _health, _load, _metrics, _time, factory.CreateLogger<LoadBalancerClientFilter>());
        using var failovers = new FailoverRecorder(_metrics.Meter!);

        for (var i = 0; i < 50; i++)
        {
            await TestExchange.RunAsync(filter, Exchange(headers: [new("FIXED_INSTANCE", $"10.9.9.{i}:8080")]), _ => ValueTask.CompletedTask);
        }

        _time.Advance(LogRateLimiter.DefaultInterval);
        await TestExchange.RunAsync(filter, Exchange(headers: [new("FIXED_INSTANCE", "10.9.9.99:8080")]), _ => ValueTask.CompletedTask);

        Assert.Equal(51, failovers.Recorded.Count);
        Assert.Collection(
            logs.Entries.Select(e => e.Message),
            first => Assert.Matches(@"^Route \(null\): service orders: requested instance '10\.9\.9\.0:8080' not used \(unknown\); serving from \S+ \(0 more not logged since the last such line\)$", first),
            next => Assert.Matches(@"^Route \(null\): service orders: requested instance '10\.9\.9\.99:8080' not used \(unknown\); serving from \S+ \(49 more not logged since the last such line\)$", next));
    }

    [Fact]
    public async Task FixedInstanceUnknownAndFirstPickRefuses_FailoverCountedOnce()
    {
        using var failovers = new FailoverRecorder(_metrics.Meter!);
        var attempts = await RunAsync(Exchange(headers: [new("FIXED_INSTANCE", "10.9.9.9:8080")]), e => e.UpstreamAuthority == "10.0.0.1:8080" ? ConnectRefused() : null);
        Assert.Equal(2, attempts.Count);
        Assert.Equal([("orders", "unknown")], failovers.Recorded);
    }

    [Fact]
    public async Task CookieMode_FirstRequestSetsCookie_NextRequestStaysAndDoesNotResetIt()
    {
        var settings = new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin, Affinity = new AffinityConfig { Mode = AffinityMode.Cookie } };
        var first = Exchange(config: Config(settings));
        await RunAsync(first);
        var setCookie = first.Response.Headers.SetCookie.ToString();
        Assert.StartsWith("portico-affinity-orders=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];

        for (var i = 0; i < 3; i++)
        {
            var next = Exchange(config: Config(settings), headers: [new("Cookie", cookie)]);
            await RunAsync(next);
            Assert.Equal(first.UpstreamAuthority, next.UpstreamAuthority);
            Assert.False(next.Response.Headers.ContainsKey("Set-Cookie"));
        }
    }

    [Fact]
    public async Task CookieMode_PinnedInstanceGone_FailsOverAndResetsCookie()
    {
        var settings = new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin, Affinity = new AffinityConfig { Mode = AffinityMode.Cookie } };
        var cookie = "portico-affinity-orders=" + AffinityKey.FormatCookie(Lb.Instance("gone"));
        var exchange = Exchange(config: Config(settings), headers: [new("Cookie", cookie)]);
        await RunAsync(exchange);
        Assert.Contains("portico-affinity-orders=" + AffinityKey.FormatCookie(_registry.Current.GetInstances("orders")[0]), exchange.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllEjected_FailMode_503()
    {
        foreach (var instance in _registry.Current.GetInstances("orders"))
        {
            _health.ReportRequest("orders", instance, true, "connection failed", new PassiveHealthCheckConfig { ConsecutiveFailures = 1 });
        }

        var ex = await Assert.ThrowsAsync<GatewayException>(() => RunAsync(Exchange()));
        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task AllEjected_PanicMode_Served()
    {
        foreach (var instance in _registry.Current.GetInstances("orders"))
        {
            _health.ReportRequest("orders", instance, true, "connection failed", new PassiveHealthCheckConfig { ConsecutiveFailures = 1 });
        }

        var settings = new ServiceConfig { LoadBalancer = LoadBalancingPolicies.RoundRobin, Health = new HealthConfig { AllUnhealthy = AllUnhealthyBehavior.Panic } };
        var exchange = Exchange(config: Config(settings));
        await RunAsync(exchange);
        Assert.Equal("10.0.0.1:8080", exchange.UpstreamAuthority);
    }

    [Fact]
    public async Task ActiveRequests_CountedWhileInFlight()
    {
        var during = -1;
        await TestExchange.RunAsync(_filter, Exchange(), e =>
        {
            during = _load.GetActiveRequests("orders", "a");
            return ValueTask.CompletedTask;
        });
        Assert.Equal(1, during);
    }

    [Fact]
    public void Order_IsLoadBalancer() => Assert.Equal(10150, _filter.Order);

    private sealed class BodySizeFeature(bool readOnly) : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => readOnly;

        public long? MaxRequestBodySize { get; set; }
    }

    private sealed class Upgradable : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => throw new NotSupportedException();
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }

    private sealed class FailoverRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public FailoverRecorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "portico.loadbalancer.affinity.failovers")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? service = null, reason = null;
                foreach (var tag in tags)
                {
                    service = tag.Key == "service" ? (string?)tag.Value : service;
                    reason = tag.Key == "reason" ? (string?)tag.Value : reason;
                }

                lock (Recorded)
                {
                    Recorded.Add((service!, reason!));
                }
            });
            _listener.Start();
        }

        public List<(string Service, string Reason)> Recorded { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
