using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.LoadBalancing;

namespace Portico.FunctionalTests.Health;

/// <summary>
/// Passive health sees what happens while the response body streams, after the load balancer has handed the response
/// on: an upstream that resets the connection mid-body is failing; a client that stops reading says nothing of it.
/// </summary>
public sealed class PassiveBodyFailureTests
{
    private const string EjectAfterTwo = "      load-balancer: RoundRobin\n      health:\n        passive:\n          consecutive-failures: 2\n          reactivation-period: 1m\n";
    private const string EjectAfterOne = "      load-balancer: RoundRobin\n      health:\n        passive:\n          consecutive-failures: 1\n          reactivation-period: 1m\n";

    /// <summary>
    /// Upstream 1 sends its headers and the first KiB of a 64 KiB body, waits until the client has seen those bytes
    /// (<paramref name="release"/>), then resets the connection; with <paramref name="whole"/> set it echoes instead.
    /// </summary>
    private static Func<int, RequestDelegate?> ResetMidBody(SemaphoreSlim release, StrongBox<bool>? whole = null) => index => index != 1 ? null : async context =>
    {
        if (whole?.Value == true)
        {
            await Infrastructure.TestUpstream.EchoAsync(context);
            return;
        }

        context.Response.ContentLength = 64 * 1024;
        await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await release.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
        context.Abort();
    };

    /// <summary>Upstream 1 streams a body of up to 5 s in small flushed chunks, stopping when the gateway goes away.</summary>
    private static Func<int, RequestDelegate?> SlowBody => index => index != 1 ? null : async context =>
    {
        context.Response.ContentType = "application/octet-stream";
        var chunk = new byte[1024];
        try
        {
            for (var i = 0; i < 500 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(10, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <summary>
    /// Sends a GET pinned to upstream 1 and reads its body, releasing the upstream once the first bytes arrived; returns
    /// the status, or null when the body broke off.
    /// </summary>
    private static async Task<HttpStatusCode?> PinnedGetAsync(LbCluster cluster, SemaphoreSlim release)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        request.Headers.Add("FIXED_INSTANCE", cluster.Authority(1));
        using var response = await cluster.Gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(cluster.Authority(1), response.Headers.GetValues(LbCluster.InstanceHeader).Single());
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[8192];
        try
        {
            Assert.True(await body.ReadAsync(buffer) > 0);
            release.Release();
            while (await body.ReadAsync(buffer) > 0)
            {
            }

            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return null;
        }
    }

    [Fact]
    public async Task UpstreamResetsMidBody_CountsAsFailure_EjectsInstance()
    {
        using var release = new SemaphoreSlim(0);
        await using var cluster = await LbCluster.StartAsync(services: EjectAfterTwo, handler: ResetMidBody(release));

        Assert.Null(await PinnedGetAsync(cluster, release));
        Assert.True(await cluster.WaitForAsync(i => i["orders-1"].GetProperty("consecutiveFailures").GetInt32() == 1));
        Assert.Null(await PinnedGetAsync(cluster, release));

        Assert.True(await cluster.WaitForAsync(i => i["orders-1"].GetProperty("ejected").GetBoolean()));
        var instances = await cluster.InstancesAsync();
        Assert.Equal("ejected for 60s after 2 consecutive failures (last: failed while sending the response body)", instances["orders-1"].GetProperty("reason").GetString());
        Assert.True(instances["orders-0"].GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task UpstreamResetsMidBody_ThenWholeBody_SuccessResetsConsecutiveFailures()
    {
        using var release = new SemaphoreSlim(0);
        var whole = new StrongBox<bool>(false);
        await using var cluster = await LbCluster.StartAsync(services: EjectAfterTwo, handler: ResetMidBody(release, whole));

        Assert.Null(await PinnedGetAsync(cluster, release));
        Assert.True(await cluster.WaitForAsync(i => i["orders-1"].GetProperty("consecutiveFailures").GetInt32() == 1));
        whole.Value = true;
        Assert.Equal(HttpStatusCode.OK, await PinnedGetAsync(cluster, release));

        Assert.True(await cluster.WaitForAsync(i => i["orders-1"].GetProperty("consecutiveFailures").GetInt32() == 0));
        Assert.False((await cluster.InstancesAsync())["orders-1"].GetProperty("ejected").GetBoolean());
    }

    [Fact]
    public async Task ClientStopsReadingMidBody_NotAFailureOfTheInstance()
    {
        await using var cluster = await LbCluster.StartAsync(services: EjectAfterOne, handler: SlowBody);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1"))
        {
            request.Headers.Add("FIXED_INSTANCE", cluster.Authority(1));
            using var response = await cluster.Gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[512]) > 0);
        }

        // The gateway has finished with the request once it no longer counts it as active.
        Assert.True(await cluster.WaitForAsync(i => i["orders-1"].GetProperty("activeRequests").GetInt32() == 0));
        var instance = (await cluster.InstancesAsync())["orders-1"];
        Assert.True(instance.GetProperty("healthy").GetBoolean());
        Assert.Equal(0, instance.GetProperty("consecutiveFailures").GetInt32());
    }
}
