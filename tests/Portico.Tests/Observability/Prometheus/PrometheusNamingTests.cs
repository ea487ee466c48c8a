using Portico.Observability.Prometheus;

namespace Portico.Tests.Observability.Prometheus;

public class PrometheusNamingTests
{
    [Theory]
    [InlineData("spring.cloud.gateway.requests", "s", "Histogram", "spring_cloud_gateway_requests_seconds", 1.0)]
    [InlineData("portico.upstream.latency", "ms", "Histogram", "portico_upstream_latency_seconds", 0.001)]
    [InlineData("portico.retries", "{retry}", "Counter", "portico_retries_total", 1.0)]
    [InlineData("portico.retries.total", null, "Counter", "portico_retries_total", 1.0)]
    [InlineData("portico.active_requests", "{request}", "Gauge", "portico_active_requests", 1.0)]
    [InlineData("portico.body.size", "By", "Histogram", "portico_body_size_bytes", 1.0)]
    [InlineData("portico.body.bytes", "By", "Counter", "portico_body_bytes_total", 1.0)]
    [InlineData("portico.transfer.rate", "By/s", "Gauge", "portico_transfer_rate_bytes_per_second", 1.0)]
    [InlineData("portico.uptime", "min", "Gauge", "portico_uptime_seconds", 60.0)]
    [InlineData("portico.cache.size", "KiBy", "Gauge", "portico_cache_size_bytes", 1024.0)]
    [InlineData("portico.ratio", "1", "Gauge", "portico_ratio", 1.0)]
    [InlineData("Portico.QueueLength", "", "Gauge", "portico_queue_length", 1.0)]
    [InlineData("portico.rpc-calls", "{call}/s", "Gauge", "portico_rpc_calls_per_second", 1.0)]
    public void MetricName_ConvertsToPrometheusFormWithBaseUnit(string instrument, string? unit, string type, string expected, double scale)
    {
        var (name, actualScale) = PrometheusNaming.MetricName(instrument, unit, Enum.Parse<PrometheusMetricType>(type));

        Assert.Equal(expected, name);
        Assert.Equal(scale, actualScale, 12);
    }

    [Theory]
    [InlineData("routeId", "route_id")]
    [InlineData("httpStatusCode", "http_status_code")]
    [InlineData("HTTPMethod", "http_method")]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("outcome", "outcome")]
    [InlineData("1st", "_1st")]
    [InlineData("__reserved", "_reserved")]
    [InlineData("a..b", "a_b")]
    [InlineData("with:colon", "with_colon")]
    [InlineData("ünïcode", "_n_code")]
    public void LabelName_ConvertsToSnakeCase(string tag, string expected) =>
        Assert.Equal(expected, PrometheusNaming.LabelName(tag));

    [Fact]
    public void FormatLabels_SortsByLabelNameAndEscapesValues()
    {
        KeyValuePair<string, object?>[] tags =
        [
            new("routeUri", "http://a\\b\"c\nd"),
            new("httpStatusCode", "200"),
            new("count", 3),
            new("ok", true),
            new("none", null),
        ];

        var labels = PrometheusNaming.FormatLabels(tags, histogram: false);

        Assert.Equal("count=\"3\",http_status_code=\"200\",none=\"\",ok=\"true\",route_uri=\"http://a\\\\b\\\"c\\nd\"", labels);
    }

    [Fact]
    public void FormatLabels_TagsCollidingAfterConversion_JoinsValues()
    {
        KeyValuePair<string, object?>[] tags = [new("route.id", "b"), new("routeId", "a")];

        Assert.Equal("route_id=\"b;a\"", PrometheusNaming.FormatLabels(tags, histogram: false));
    }

    [Fact]
    public void FormatLabels_HistogramTagNamedLe_IsRenamed()
    {
        KeyValuePair<string, object?>[] tags = [new("le", "x")];

        Assert.Equal("tag_le=\"x\"", PrometheusNaming.FormatLabels(tags, histogram: true));
        Assert.Equal("le=\"x\"", PrometheusNaming.FormatLabels(tags, histogram: false));
    }

    [Fact]
    public void FormatLabels_NoTags_IsEmpty() => Assert.Equal("", PrometheusNaming.FormatLabels([], histogram: true));

    [Fact]
    public void EscapeHelp_EscapesBackslashAndNewLine() =>
        Assert.Equal(@"a\\b\nc", PrometheusNaming.EscapeHelp("a\\b\nc"));
}
