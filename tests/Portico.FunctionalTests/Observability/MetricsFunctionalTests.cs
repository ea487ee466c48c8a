using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Observability;

namespace Portico.FunctionalTests.Observability;

public class MetricsFunctionalTests
{
    private const string Config = """
        Portico:
          routes:
            - id: orders
              uri: http://orders.internal:8080
        """;

    [Fact]
    public async Task Requests_RecordSpringGatewayRequestsWithExactTags()
    {
        await using var gateway = await TestGateway.StartAsync(Config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>());
        using var recorder = new MeasurementRecorder(gateway.Services.GetRequiredService<IMeterFactory>(), PorticoMetrics.RequestsInstrument);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/orders/" + i)).StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/missing?status=404")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, (await gateway.Client.PostAsync("/fail?throw=1", null)).StatusCode);
        Assert.Equal((HttpStatusCode)499, (await gateway.Client.DeleteAsync("/odd?status=499")).StatusCode);

        Assert.True(await Eventually.WaitAsync(() => recorder.Tags.Count >= 7), $"Expected 7 measurements, saw {recorder.Tags.Count}.");
        var counted = recorder.Tags
            .GroupBy(t => string.Join(",", t.Select(kv => kv.Key + "=" + kv.Value)))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["httpMethod=GET,httpStatusCode=200,outcome=SUCCESSFUL,routeId=orders,routeUri=http://orders.internal:8080,status=OK"] = 3,
                ["httpMethod=GET,httpStatusCode=404,outcome=CLIENT_ERROR,routeId=orders,routeUri=http://orders.internal:8080,status=NOT_FOUND"] = 2,
                ["httpMethod=POST,httpStatusCode=500,outcome=SERVER_ERROR,routeId=orders,routeUri=http://orders.internal:8080,status=INTERNAL_SERVER_ERROR"] = 1,
                ["httpMethod=DELETE,httpStatusCode=499,outcome=CUSTOM,routeId=orders,routeUri=http://orders.internal:8080,status=499"] = 1,
            },
            counted);
    }

    [Fact]
    public async Task Requests_PathTagEnabled_TagsTheRequestPath()
    {
        const string config = """
            Portico:
              metrics:
                tags:
                  path:
                    enabled: true
              routes:
                - id: orders
                  uri: http://orders.internal:8080
            """;
        await using var gateway = await TestGateway.StartAsync(config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>());
        using var recorder = new MeasurementRecorder(gateway.Services.GetRequiredService<IMeterFactory>(), PorticoMetrics.RequestsInstrument);

        await gateway.Client.GetAsync("/orders/7?x=1");

        Assert.True(await Eventually.WaitAsync(() => recorder.Tags.Count >= 1));
        Assert.Equal("/orders/7", Assert.Single(recorder.Tags)["path"]);
    }

    [Fact]
    public async Task Requests_MetricsDisabled_RecordNothing()
    {
        const string config = """
            Portico:
              metrics:
                enabled: false
              routes:
                - id: orders
                  uri: http://orders.internal:8080
            """;
        var completion = new CompletionFilter();
        await using var gateway = await TestGateway.StartAsync(config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>().AddSingleton<IGlobalFilter>(completion));
        using var recorder = new MeasurementRecorder(gateway.Services.GetRequiredService<IMeterFactory>(), PorticoMetrics.RequestsInstrument);

        await gateway.Client.GetAsync("/orders/1");

        Assert.True(await Eventually.WaitAsync(() => completion.Completed >= 1));
        Assert.Empty(recorder.Tags);
        Assert.DoesNotContain("spring_cloud_gateway_requests", await gateway.Client.GetStringAsync("/actuator/prometheus"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_AfterRequests_ExposesHistogramThatPassesPromtool()
    {
        await using var gateway = await TestGateway.StartAsync(Config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>());
        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.GetAsync("/orders/" + i);
        }

        await gateway.Client.GetAsync("/orders?status=503");

        const string okCount = "spring_cloud_gateway_requests_seconds_count{http_method=\"GET\",http_status_code=\"200\",outcome=\"SUCCESSFUL\",route_id=\"orders\",route_uri=\"http://orders.internal:8080\",status=\"OK\"} 3\n";
        const string unavailableCount = "spring_cloud_gateway_requests_seconds_count{http_method=\"GET\",http_status_code=\"503\",outcome=\"SERVER_ERROR\",route_id=\"orders\",route_uri=\"http://orders.internal:8080\",status=\"SERVICE_UNAVAILABLE\"} 1\n";
        var text = await Eventually.ScrapeUntilAsync(gateway.Client, unavailableCount);
        using var response = await gateway.Client.GetAsync("/actuator/prometheus");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE spring_cloud_gateway_requests_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains(okCount, text, StringComparison.Ordinal);
        Assert.Contains(unavailableCount, text, StringComparison.Ordinal);
        Assert.Contains("le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        await Promtool.AssertValidAsync(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Prometheus_OtherPorticoMeters_AppearWithEveryInstrumentTypeAndPassPromtool()
    {
        await using var gateway = await TestGateway.StartAsync(Config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>());
        var meter = gateway.Services.GetRequiredService<IMeterFactory>().Create("Portico.LoadBalancing");
        var choices = meter.CreateCounter<long>("portico.loadbalancer.choices", "{choice}", "Instances chosen by the load balancer.");
        var inFlight = meter.CreateUpDownCounter<int>("portico.upstream.active_requests", "{request}", "Requests in flight upstream.");
        var latency = meter.CreateHistogram<double>("portico.upstream.latency", "ms", "Upstream latency.\nSecond line with a \\ backslash.");
        meter.CreateObservableGauge("portico.discovery.instances", () => new Measurement<int>(2, new KeyValuePair<string, object?>("serviceId", "orders")), "{instance}", "Known instances.");

        choices.Add(4, new KeyValuePair<string, object?>("serviceId", "a \"quoted\" \\ name\nwith newline"));
        inFlight.Add(3);
        inFlight.Add(-1);
        latency.Record(12.5, new KeyValuePair<string, object?>("serviceId", "orders"));

        var text = await gateway.Client.GetStringAsync("/actuator/prometheus");

        Assert.Contains("portico_loadbalancer_choices_total{service_id=\"a \\\"quoted\\\" \\\\ name\\nwith newline\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_upstream_active_requests 2\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_upstream_latency_seconds_sum{service_id=\"orders\"} 0.0125\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP portico_upstream_latency_seconds Upstream latency.\\nSecond line with a \\\\ backslash.\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_discovery_instances{service_id=\"orders\"} 2\n", text, StringComparison.Ordinal);
        await Promtool.AssertValidAsync(text);
    }

    [Fact]
    public async Task AccessLog_Request_WritesOneStructuredLine()
    {
        await using var gateway = await TestGateway.StartAsync(Config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>());

        await gateway.Client.GetAsync("/orders/9?status=404&secret=x");

        Assert.True(await Eventually.WaitAsync(() => gateway.Logs.Entries.Any(e => e.Category == AccessLogCategory)));
        var entry = Assert.Single(gateway.Logs.Entries, e => e.Category == AccessLogCategory);
        var state = entry.State.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("GET", state["Method"]);
        Assert.Equal("/orders/9", state["Path"]);
        Assert.Equal(404, state["Status"]);
        Assert.Equal("orders", state["RouteId"]);
        Assert.StartsWith("GET /orders/9 404 ", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLog_Disabled_WritesNothing()
    {
        const string config = """
            Portico:
              access-log:
                enabled: false
              routes:
                - id: orders
                  uri: http://orders.internal:8080
            """;
        var completion = new CompletionFilter();
        await using var gateway = await TestGateway.StartAsync(config, s => s.AddSingleton<IGlobalFilter, RespondingFilter>().AddSingleton<IGlobalFilter>(completion));

        await gateway.Client.GetAsync("/orders/1");

        Assert.True(await Eventually.WaitAsync(() => completion.Completed >= 1));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Category == AccessLogCategory);
    }

    private const string AccessLogCategory = "Portico.AccessLog";
}
