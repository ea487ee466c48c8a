using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class RequestSizeGatewayFilterFactoryTests
{
    private readonly RequestSizeGatewayFilterFactory _factory = new();

    [Fact]
    public async Task RequestSize_ContentLengthOverLimit_Answers413WithoutRouting()
    {
        var filter = Create(_factory, ("maxSize", "5000000"));
        var exchange = TestExchange.Create(method: "POST");
        exchange.Request.ContentLength = 6_000_000;

        var forwarded = await RunAsync(filter, exchange);

        Assert.Null(forwarded);
        Assert.Equal(413, exchange.Response.StatusCode);
        Assert.Equal(
            "Request size is larger than permissible limit. Request size is 6.0 MB where permissible limit is 5.0 MB",
            exchange.Response.Headers["errorMessage"]);
    }

    [Fact]
    public async Task RequestSize_ContentLengthWithinLimit_Routes()
    {
        var filter = Create(_factory, "RequestSize=5MB");
        var exchange = TestExchange.Create(method: "POST");
        exchange.Request.ContentLength = 5 * 1024 * 1024;

        Assert.NotNull(await RunAsync(filter, exchange));
        Assert.Equal(200, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task RequestSize_StreamedBodyOverLimit_FailsWhileReadingWith413()
    {
        var filter = Create(_factory, "RequestSize=10B");
        var exchange = TestExchange.Create(method: "POST");
        exchange.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes("0123456789ABCDEF"));

        var ex = await Assert.ThrowsAsync<BadHttpRequestException>(() => TestExchange.RunAsync(filter, exchange, async e =>
        {
            var buffer = new byte[4];
            while (await e.Request.Body.ReadAsync(buffer) > 0)
            {
            }
        }));

        Assert.Equal(413, ex.StatusCode);
        Assert.Contains("permissible limit of 10 B", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestSize_StreamedBodyWithinLimit_ReadsWholeBody()
    {
        var filter = Create(_factory, "RequestSize=16B");
        var exchange = TestExchange.Create(method: "POST");
        exchange.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes("0123456789ABCDEF"));
        string? body = null;

        await TestExchange.RunAsync(filter, exchange, async e => body = await new StreamReader(e.Request.Body).ReadToEndAsync());

        Assert.Equal("0123456789ABCDEF", body);
    }

    [Fact]
    public async Task RequestSize_ServerLimitWritable_LowersServerLimitInsteadOfWrapping()
    {
        var filter = Create(_factory, "RequestSize=1KB");
        var exchange = TestExchange.Create(method: "POST");
        var original = new MemoryStream();
        exchange.Request.Body = original;
        var limit = new MaxBodySizeFeature { MaxRequestBodySize = 30_000_000 };
        exchange.HttpContext.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);

        await RunAsync(filter, exchange);

        Assert.Equal(1024, limit.MaxRequestBodySize);
        Assert.Same(original, exchange.Request.Body);
    }

    [Fact]
    public async Task RequestSize_ServerLimitAlreadyLower_IsNotRaised()
    {
        var filter = Create(_factory, "RequestSize=1MB");
        var exchange = TestExchange.Create(method: "POST");
        var limit = new MaxBodySizeFeature { MaxRequestBodySize = 100 };
        exchange.HttpContext.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);

        await RunAsync(filter, exchange);

        Assert.Equal(100, limit.MaxRequestBodySize);
    }

    [Fact]
    public void RequestSize_ToString_PrintsMax()
    {
        Assert.Equal("[RequestSize max = 5000000B]", Create(_factory, "RequestSize").ToString());
        Assert.Equal("[RequestSize max = 5242880B]", Create(_factory, "RequestSize=5MB").ToString());
    }

    [Theory]
    [InlineData("RequestSize=5 parsecs")]
    [InlineData("RequestSize=0")]
    [InlineData("RequestSize=-1")]
    public void RequestSize_BadSize_ReportsError(string config) =>
        Assert.EndsWith("args.maxSize", Assert.Single(ConfigErrors(_factory, config)).Field, StringComparison.Ordinal);

    private sealed class MaxBodySizeFeature : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
