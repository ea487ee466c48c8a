using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Observability;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Observability;

public class MetricsFilterTests
{
    [Fact]
    public async Task FilterAsync_CompletedExchange_RecordsDurationWithSpringTags()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var recorder = new MeasurementRecorder(services.MeterFactory(), PorticoMetrics.RequestsInstrument);
        var filter = new MetricsFilter(new GatewayMetrics(services.MeterFactory()));
        var exchange = TestExchange.Create("POST", "/orders/42?x=1");
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await TestExchange.RunAsync(filter, exchange, e =>
        {
            e.Response.StatusCode = StatusCodes.Status404NotFound;
            return ValueTask.CompletedTask;
        });

        var measurement = Assert.Single(recorder.Measurements);
        Assert.True(measurement.Value >= 0);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["routeId"] = "orders",
                ["routeUri"] = "http://orders.internal:8080",
                ["outcome"] = "CLIENT_ERROR",
                ["status"] = "NOT_FOUND",
                ["httpStatusCode"] = "404",
                ["httpMethod"] = "POST",
            },
            measurement.Tags);
    }

    [Fact]
    public async Task FilterAsync_PathTagEnabled_AddsOriginalPath()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var recorder = new MeasurementRecorder(services.MeterFactory(), PorticoMetrics.RequestsInstrument);
        var filter = new MetricsFilter(new GatewayMetrics(services.MeterFactory()));
        var config = new PorticoConfig { Metrics = new MetricsConfig { PathTagEnabled = true } };
        var exchange = TestExchange.Create("GET", "/orders/42", config: config);
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await TestExchange.RunAsync(filter, exchange, e =>
        {
            // A rewrite by a later filter must not change the tag: it names what the client asked for.
            e.Request.Path = "/internal/42";
            return ValueTask.CompletedTask;
        });

        Assert.Equal("/orders/42", Assert.Single(recorder.Measurements).Tags["path"]);
    }

    [Fact]
    public async Task FilterAsync_LaterFilterThrows_RecordsServerErrorAndRethrows()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var recorder = new MeasurementRecorder(services.MeterFactory(), PorticoMetrics.RequestsInstrument);
        var filter = new MetricsFilter(new GatewayMetrics(services.MeterFactory()));
        var exchange = TestExchange.Create();
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestExchange.RunAsync(filter, exchange, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        var tags = Assert.Single(recorder.Measurements).Tags;
        Assert.Equal("500", tags["httpStatusCode"]);
        Assert.Equal("SERVER_ERROR", tags["outcome"]);
    }

    [Fact]
    public async Task FilterAsync_LaterFilterThrowsSynchronously_RecordsAndRethrows()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var recorder = new MeasurementRecorder(services.MeterFactory(), PorticoMetrics.RequestsInstrument);
        var filter = new MetricsFilter(new GatewayMetrics(services.MeterFactory()));
        var exchange = TestExchange.Create();
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestExchange.RunAsync(filter, exchange, _ => throw new InvalidOperationException("boom")));

        Assert.Equal("INTERNAL_SERVER_ERROR", Assert.Single(recorder.Measurements).Tags["status"]);
    }

    [Fact]
    public async Task FilterAsync_MetricsDisabled_RecordsNothingAndContinues()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        using var recorder = new MeasurementRecorder(services.MeterFactory(), PorticoMetrics.RequestsInstrument);
        var filter = new MetricsFilter(new GatewayMetrics(services.MeterFactory()));
        var exchange = TestExchange.Create(config: new PorticoConfig { Metrics = new MetricsConfig { Enabled = false } });
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        var reached = await TestExchange.RunAsync(filter, exchange);

        Assert.True(reached);
        Assert.Empty(recorder.Measurements);
    }

    [Fact]
    public void Order_IsMetricsOrder()
    {
        using var services = ObservabilityTestSupport.CreateMetricsServices();
        Assert.Equal(Portico.Filters.GlobalFilterOrder.Metrics, new MetricsFilter(new GatewayMetrics(services.MeterFactory())).Order);
    }
}
