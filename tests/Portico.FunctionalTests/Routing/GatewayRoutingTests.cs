using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Routing;

public class GatewayRoutingTests
{
    [Fact]
    public async Task NoRoutes_Returns404ProblemNamingTheRequest()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  routes: []\n");
        var response = await gateway.Client.GetAsync("/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("No route matches GET /nothing/here.", doc.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task LbRoute_WithoutRegistry_Is503NamingTheService()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  routes:\n    - id: lb\n      uri: lb://orders\n");
        var response = await gateway.Client.GetAsync("/x");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("No available instance for service 'orders'.", doc.RootElement.GetProperty("detail").GetString());
        Assert.Equal("lb", doc.RootElement.GetProperty("routeId").GetString());
    }

    [Fact]
    public async Task LbRoute_Use404_Is404()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  loadbalancer:\n    use404: true\n  routes:\n    - id: lb\n      uri: lb://orders\n");
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/x")).StatusCode);
    }

    [Fact]
    public async Task ForwardRoute_InvokesLocalEndpoint()
    {
        await using var gateway = await TestGateway.StartAsync(
            "portico:\n  routes:\n    - id: fb\n      uri: forward:/fallback/teapot\n",
            configureApp: app => app.MapGet("/fallback/{code}", (string code, HttpContext ctx) => Results.Text($"fallback {code} for {ctx.Request.Method}")));
        Assert.Equal("fallback teapot for GET", await gateway.Client.GetStringAsync("/anything"));
    }

    [Fact]
    public async Task ForwardRoute_UnknownLocalEndpoint_Is404Problem()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  routes:\n    - id: fb\n      uri: forward:/missing\n");
        var response = await gateway.Client.GetAsync("/anything");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("forward target of route 'fb'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserGlobalFilter_FromDI_RunsInOrderAndCanAnswer()
    {
        await using var gateway = await TestGateway.StartAsync(
            "portico:\n  routes:\n    - id: r\n      uri: http://127.0.0.1:9\n",
            s => s.AddSingleton<IGlobalFilter>(new AnsweringFilter()));
        var response = await gateway.Client.GetAsync("/hello");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("answered by user filter for r", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailingUserFilter_Is500WithoutLeakingTheException_AndGatewayKeepsServing()
    {
        await using var gateway = await TestGateway.StartAsync(
            "portico:\n  routes:\n    - id: r\n      uri: http://127.0.0.1:9\n",
            s => s.AddSingleton<IGlobalFilter>(new ThrowingFilter()));
        var response = await gateway.Client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("at Portico", body, StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.Exception?.Message == "secret-detail");
        Assert.Equal(HttpStatusCode.InternalServerError, (await gateway.Client.GetAsync("/boom")).StatusCode);
    }

    private sealed class AnsweringFilter : IGlobalFilter
    {
        public int Order => 0;

        public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            exchange.Response.StatusCode = 202;
            await exchange.Response.WriteAsync("answered by user filter for " + exchange.Route.Id);
        }
    }

    private sealed class ThrowingFilter : IGlobalFilter
    {
        public int Order => 0;

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain) => throw new InvalidOperationException("secret-detail");
    }
}
