using System.Net;

namespace Portico.FunctionalTests.Linkis;

/// <summary>A request that matches no route in Linkis mode gets Linkis's 404 (§1.1) in the framework error shape (§0.2).</summary>
public sealed class LinkisNoRouteTests
{
    [Theory]
    [InlineData("GET", "/foo", "/foo")]
    [InlineData("POST", "/foo/bar?x=1", "/foo/bar")]
    [InlineData("GET", "/a%2Fb", "/a%2Fb")]
    public async Task UnmatchedPath_404InFrameworkShape(string method, string target, string path)
    {
        await using var gateway = await LinkisGateway.StartAsync(new InMemoryRegistry(), probe: false);
        using var request = new HttpRequestMessage(new HttpMethod(method), target);

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal($"{{\"method\":\"{path}\",\"status\":404,\"message\":\"Not Found\",\"data\":[]}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnmatchedPath_Head_404WithoutBody()
    {
        await using var gateway = await LinkisGateway.StartAsync(new InMemoryRegistry(), probe: false);
        using var request = new HttpRequestMessage(HttpMethod.Head, "/foo");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
