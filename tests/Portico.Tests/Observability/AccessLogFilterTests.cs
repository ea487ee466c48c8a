using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Observability;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Observability;

public class AccessLogFilterTests
{
    [Fact]
    public async Task FilterAsync_CompletedExchange_WritesOneLineInAccessLogCategory()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var filter = new AccessLogFilter(factory);
        var exchange = TestExchange.Create("PUT", "/orders/7?token=secret");
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await TestExchange.RunAsync(filter, exchange, e =>
        {
            e.RequestUrl = new Uri("http://10.1.2.3:8081/orders/7?token=secret");
            e.Response.StatusCode = StatusCodes.Status201Created;
            e.Response.ContentLength = 17;
            return ValueTask.CompletedTask;
        });

        var entry = Assert.Single(provider.Entries);
        Assert.Equal(AccessLogFilter.CategoryName, entry.Category);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(Portico.Logging.EventIdRanges.Observability + 1, entry.EventId.Id);
        Assert.Equal("PUT", entry.Values["Method"]);
        Assert.Equal("/orders/7", entry.Values["Path"]);
        Assert.Equal(201, entry.Values["Status"]);
        Assert.Equal("orders", entry.Values["RouteId"]);
        Assert.Equal("10.1.2.3:8081", entry.Values["Upstream"]);
        Assert.Equal(17L, entry.Values["Bytes"]);
        Assert.IsType<double>(entry.Values["DurationMs"]);
        Assert.DoesNotContain("secret", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilterAsync_UpstreamAuthoritySet_PrefersItOverRequestUrl()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var exchange = TestExchange.Create();
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await TestExchange.RunAsync(new AccessLogFilter(factory), exchange, e =>
        {
            e.RequestUrl = new Uri("lb://orders/x");
            e.UpstreamAuthority = "10.0.0.9:9000";
            return ValueTask.CompletedTask;
        });

        Assert.Equal("10.0.0.9:9000", Assert.Single(provider.Entries).Values["Upstream"]);
    }

    [Fact]
    public async Task FilterAsync_Disabled_WritesNothing()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var exchange = TestExchange.Create(config: new PorticoConfig { AccessLog = new AccessLogConfig { Enabled = false } });
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        var reached = await TestExchange.RunAsync(new AccessLogFilter(factory), exchange);

        Assert.True(reached);
        Assert.Empty(provider.Entries);
    }

    [Fact]
    public async Task FilterAsync_CategoryFilteredOut_WritesNothing()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).AddFilter(AccessLogFilter.CategoryName, LogLevel.Warning));
        var exchange = TestExchange.Create();
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await TestExchange.RunAsync(new AccessLogFilter(factory), exchange);

        Assert.Empty(provider.Entries);
    }

    [Fact]
    public async Task FilterAsync_LaterFilterThrows_LogsServerErrorAndRethrows()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var exchange = TestExchange.Create();
        exchange.Route = ObservabilityTestSupport.CreateRoute();

        await Assert.ThrowsAsync<InvalidOperationException>(() => TestExchange.RunAsync(new AccessLogFilter(factory), exchange, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(500, Assert.Single(provider.Entries).Values["Status"]);
    }
}
