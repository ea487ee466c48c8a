using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Observability;
using Portico.Observability.Prometheus;

namespace Portico.Tests.Observability.Prometheus;

public class PrometheusCollectorTests
{
    [Fact]
    public void WriteTo_Histogram_WritesCumulativeBucketsSumAndCount()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var meter = services.MeterFactory().Create("Portico");
        var histogram = meter.CreateHistogram<double>("portico.test.duration", "s", "Test durations.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });

        foreach (var value in new[] { 0.005, 0.01, 0.05, 0.5, 2.0 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("routeId", "a"));
        }

        var text = Scrape(collector);

        Assert.Equal(
            """
            # HELP portico_test_duration_seconds Test durations.
            # TYPE portico_test_duration_seconds histogram
            portico_test_duration_seconds_bucket{route_id="a",le="0.01"} 2
            portico_test_duration_seconds_bucket{route_id="a",le="0.1"} 3
            portico_test_duration_seconds_bucket{route_id="a",le="1"} 4
            portico_test_duration_seconds_bucket{route_id="a",le="+Inf"} 5
            portico_test_duration_seconds_sum{route_id="a"} 2.565
            portico_test_duration_seconds_count{route_id="a"} 5

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void WriteTo_HistogramInMilliseconds_ScalesValuesAndBoundsToSeconds()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var histogram = services.MeterFactory().Create("Portico.Upstream").CreateHistogram<long>("portico.upstream.latency", "ms", "Upstream latency.", null, new InstrumentAdvice<long> { HistogramBucketBoundaries = [100, 1000] });

        histogram.Record(250);

        var text = Scrape(collector);

        Assert.Contains("portico_upstream_latency_seconds_bucket{le=\"0.1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_upstream_latency_seconds_bucket{le=\"1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_upstream_latency_seconds_sum 0.25\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_SameTagsInAnotherOrder_AggregateIntoOneSeries()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var counter = services.MeterFactory().Create("Portico").CreateCounter<long>("portico.test.events", null, "Events.");

        counter.Add(2, new("a", "1"), new("b", "2"));
        counter.Add(3, new("b", "2"), new("a", "1"));

        var text = Scrape(collector);

        Assert.Contains("# TYPE portico_test_events_total counter\nportico_test_events_total{a=\"1\",b=\"2\"} 5\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("portico_test_events_total{", StringComparison.Ordinal));
    }

    [Fact]
    public void WriteTo_UpDownCounterAndGauges_WriteGauges()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var meter = services.MeterFactory().Create("Portico");
        var active = meter.CreateUpDownCounter<int>("portico.test.active", "{request}", "Active requests.");
        var level = meter.CreateGauge<double>("portico.test.level", null, "Level.");
        meter.CreateObservableGauge("portico.test.instances", () => new Measurement<int>(3, new KeyValuePair<string, object?>("service", "orders")), null, "Instances.");

        active.Add(5);
        active.Add(-2);
        level.Record(1.5);
        level.Record(0.75);

        var text = Scrape(collector);

        Assert.Contains("# TYPE portico_test_active gauge\nportico_test_active 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE portico_test_level gauge\nportico_test_level 0.75\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE portico_test_instances gauge\nportico_test_instances{service=\"orders\"} 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_ObservableSeriesNoLongerReported_IsLeftOut()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var services2 = new[] { "a", "b" };
        services.MeterFactory().Create("Portico").CreateObservableGauge(
            "portico.test.up",
            () => services2.Select(s => new Measurement<int>(1, new KeyValuePair<string, object?>("service", s))),
            null,
            "Up.");

        var first = Scrape(collector);
        services2 = ["a"];
        var second = Scrape(collector);

        Assert.Contains("service=\"b\"", first, StringComparison.Ordinal);
        Assert.Contains("service=\"a\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("service=\"b\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_MetersOfOtherFactoriesAndOtherNames_AreLeftOut()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var other = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        other.MeterFactory().Create("Portico").CreateCounter<int>("portico.other.host").Add(1);
        services.MeterFactory().Create("Yarp").CreateCounter<int>("yarp.requests").Add(1);
        services.MeterFactory().Create("Portico.Discovery").CreateCounter<int>("portico.discovery.lookups").Add(1);

        var text = Scrape(collector);

        Assert.DoesNotContain("portico_other_host", text, StringComparison.Ordinal);
        Assert.DoesNotContain("yarp", text, StringComparison.Ordinal);
        Assert.Contains("portico_discovery_lookups_total 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_SeriesLimitReached_DropsNewLabelSets()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 2);
        var counter = services.MeterFactory().Create("Portico").CreateCounter<int>("portico.test.paths");

        counter.Add(1, new KeyValuePair<string, object?>("path", "/a"));
        counter.Add(1, new KeyValuePair<string, object?>("path", "/b"));
        counter.Add(1, new KeyValuePair<string, object?>("path", "/c"));
        counter.Add(1, new KeyValuePair<string, object?>("path", "/a"));

        var text = Scrape(collector);

        Assert.Contains("portico_test_paths_total{path=\"/a\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_test_paths_total{path=\"/b\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/c", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_RequestsHistogramFromGatewayMetrics_UsesGatewayBuckets()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var metrics = new GatewayMetrics(services.MeterFactory());

        metrics.Requests.Record(0.02, new KeyValuePair<string, object?>("routeId", "r"));

        var text = Scrape(collector);

        Assert.Contains("# TYPE spring_cloud_gateway_requests_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Equal(GatewayMetrics.RequestDurationBuckets.Length + 1, text.Split('\n').Count(l => l.StartsWith("spring_cloud_gateway_requests_seconds_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void Record_SeenTagSet_AllocatesNothing()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var metrics = new GatewayMetrics(services.MeterFactory());
        var routeId = "orders";
        var method = "GET";

        void Record()
        {
            var tags = new System.Diagnostics.TagList
            {
                { "routeId", routeId },
                { "routeUri", "http://orders:8080" },
                { "outcome", "SUCCESSFUL" },
                { "status", "OK" },
                { "httpStatusCode", "200" },
                { "httpMethod", method },
            };
            metrics.Requests.Record(0.01, in tags);
        }

        // The first measurement creates the series; later ones must only look it up.
        for (var i = 0; i < 100; i++)
        {
            Record();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Record();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("_count{http_method=\"GET\",http_status_code=\"200\",outcome=\"SUCCESSFUL\",route_id=\"orders\",route_uri=\"http://orders:8080\",status=\"OK\"} 1100\n", Scrape(collector), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ConcurrentWriters_LoseNoMeasurement()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var histogram = services.MeterFactory().Create("Portico").CreateHistogram<double>("portico.test.concurrent", "s");
        var counter = services.MeterFactory().Create("Portico").CreateCounter<double>("portico.test.concurrent.sum");

        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 5000; i++)
            {
                histogram.Record(0.5, new KeyValuePair<string, object?>("w", worker % 2));
                counter.Add(0.5);
            }
        });

        var text = Scrape(collector);

        Assert.Contains("portico_test_concurrent_seconds_count{w=\"0\"} 10000\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_test_concurrent_seconds_count{w=\"1\"} 10000\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_test_concurrent_seconds_sum{w=\"1\"} 5000\n", text, StringComparison.Ordinal);
        Assert.Contains("portico_test_concurrent_sum_total 10000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_InstrumentWhoseNameIsTakenByAnotherType_IsNotExported()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var collector = new PrometheusCollector(services.MeterFactory(), NullLogger.Instance, 100);
        var meter = services.MeterFactory().Create("Portico");
        meter.CreateCounter<int>("portico.test.jobs", null, "Jobs.").Add(2);
        meter.CreateGauge<int>("portico.test.jobs.total", null, "Not jobs.").Record(7);

        var text = Scrape(collector);

        Assert.Contains("# TYPE portico_test_jobs_total counter\nportico_test_jobs_total 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 7\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE", StringComparison.Ordinal));
    }

    private static string Scrape(PrometheusCollector collector)
    {
        var buffer = new ArrayBufferWriter<byte>();
        collector.WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
