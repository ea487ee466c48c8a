using System.Net;
using System.Text;

namespace Portico.FunctionalTests.LoadBalancing;

public sealed class RetryTests
{
    private static readonly (string, string)[] NoHeaders = [];

    [Fact]
    public async Task Get_InstanceRefusesConnection_RetriedOnAnother()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2);
        await cluster.StopAsync(0);
        var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(0)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(cluster.Authority(1), servedBy);
    }

    [Fact]
    public async Task Get_InstanceResetsBeforeResponding_RetriedOnAnother()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2, handler: i => i == 0 ? Abort : null);
        var (status, servedBy, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(0)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(cluster.Authority(1), servedBy);
        Assert.True(cluster.Count(0) >= 1);
    }

    [Fact]
    public async Task Post_InstanceRefusesConnectionBeforeBodySent_RetriedWithTheWholeBody()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2);
        await cluster.StopAsync(0);
        var body = new string('x', 200_000);
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        var (status, servedBy, response) = await cluster.SendAsync(request, ("FIXED_INSTANCE", cluster.Authority(0)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(cluster.Authority(1), servedBy);
        var echo = await Infrastructure.EchoResponse.ReadAsync(response);
        Assert.Equal("POST", echo.Method);
        Assert.Equal(200_000, echo.BodyLength);
    }

    [Fact]
    public async Task Post_InstanceFailsAfterReadingBody_NotRetried()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2, handler: i => i == 0 ? ReadThenAbort : null);
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(new string('y', 200_000), Encoding.UTF8, "text/plain") };
        var (status, _, _) = await cluster.SendAsync(request, ("FIXED_INSTANCE", cluster.Authority(0)));
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(0, cluster.Count(1));
    }

    [Fact]
    public async Task BodilessPost_InstanceResetsBeforeResponding_NotRetried()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2, handler: i => i == 0 ? Abort : null);
        var (status, _, _) = await cluster.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/orders"), ("FIXED_INSTANCE", cluster.Authority(0)));
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(0, cluster.Count(1));
    }

    [Fact]
    public async Task RouteRetryAttemptsOne_NotRetried()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2, routeMetadata: "        retry-attempts: 1");
        await cluster.StopAsync(0);
        var (status, _, _) = await cluster.SendAsync(null, ("FIXED_INSTANCE", cluster.Authority(0)));
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(0, cluster.Count(1));
    }

    [Fact]
    public async Task EveryInstanceDead_LastFailureReturned()
    {
        await using var cluster = await LbCluster.StartAsync(count: 2);
        await cluster.StopAsync(0);
        await cluster.StopAsync(1);
        var (status, _, _) = await cluster.SendAsync(null, NoHeaders);
        Assert.Equal(HttpStatusCode.BadGateway, status);
    }

    private static Task Abort(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    private static async Task ReadThenAbort(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var buffer = new byte[1024];
        _ = await context.Request.Body.ReadAsync(buffer);
        context.Abort();
    }
}
