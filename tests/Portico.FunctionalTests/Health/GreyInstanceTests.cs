using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.FunctionalTests.LoadBalancing;
using Portico.FunctionalTests.Observability;

namespace Portico.FunctionalTests.Health;

/// <summary>
/// An instance that accepts connections but never answers. With nothing configured, its requests
/// must end in 504 at the default response timeout and count as failures, so passive health ejects it. The gateway's
/// clock is a manual one, so the default applies unchanged and the test does not wait for it.
/// </summary>
public sealed class GreyInstanceTests
{
    private static readonly TimeSpan Bound = HttpClientConfig.DefaultResponseTimeout;

    [Fact]
    public async Task GreyInstance_DefaultSettings_TimesOutWith504AndIsEjected()
    {
        var clock = new ManualTimeProvider();
        var greyStarted = 0;
        RequestDelegate grey = async context =>
        {
            Interlocked.Increment(ref greyStarted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        };
        await using var cluster = await LbCluster.StartAsync(
            count: 2,
            handler: i => i == 1 ? grey : null,
            configureServices: s => s.AddSingleton<TimeProvider>(clock));

        // Round robin sends every second request to the grey instance: five of ten hang there, one short of nothing
        // for the default passive rule (five consecutive failures).
        var first = Enumerable.Range(0, 10).Select(_ => cluster.SendAsync()).ToList();
        Assert.True(await Eventually.WaitAsync(() => Volatile.Read(ref greyStarted) == 5, Bound));
        Assert.True(await Eventually.WaitAsync(() => first.Count(t => t.IsCompleted) == 5, Bound));

        clock.Advance(HttpClientConfig.DefaultResponseTimeout + TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(first).WaitAsync(Bound);

        Assert.Equal(5, results.Count(r => r.Status == HttpStatusCode.OK && r.ServedBy == cluster.Authority(0)));
        var timedOut = results.Where(r => r.Status == HttpStatusCode.GatewayTimeout).ToList();
        Assert.Equal(5, timedOut.Count);
        Assert.Contains($"did not respond within {(int)HttpClientConfig.DefaultResponseTimeout.TotalSeconds} s", await timedOut[0].Response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var instances = await cluster.InstancesAsync();
        Assert.True(instances["orders-1"].GetProperty("ejected").GetBoolean());
        Assert.Contains("timed out", instances["orders-1"].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // From now on the healthy instance serves everything and the grey one sees nothing more.
        for (var i = 0; i < 10; i++)
        {
            var (status, servedBy, _) = await cluster.SendAsync().WaitAsync(Bound);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(cluster.Authority(0), servedBy);
        }

        Assert.Equal(5, Volatile.Read(ref greyStarted));
    }
}
