using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.FunctionalTests.Observability;
using Portico.Predicates;

namespace Portico.FunctionalTests.Management;

public class ActuatorEndpointsTests
{
    private const string Config = """
        Portico:
          routes:
            - id: fallback
              uri: lb://catalog
              order: 10
            - id: orders
              uri: http://orders.internal:8080
              order: 1
              predicates:
                - Always=yes
                - Anything=z
              filters:
                - TestHeader=X-A, 1
              metadata:
                team: payments
        """;

    [Fact]
    public async Task Routes_ListsEveryRouteInSpringShape()
    {
        await using var gateway = await StartAsync(Config);

        using var json = await GetJsonAsync(gateway.Client, "/actuator/gateway/routes");

        var routes = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, routes.Count);
        var orders = routes[0];
        Assert.Equal("orders", orders.GetProperty("route_id").GetString());
        Assert.Equal("http://orders.internal:8080", orders.GetProperty("uri").GetString());
        Assert.Equal(1, orders.GetProperty("order").GetInt32());
        Assert.Equal("(Always: [yes] && Anything=z)", orders.GetProperty("predicate").GetString());
        Assert.Equal(["[[TestHeader X-A = '1'], order = 1]"], orders.GetProperty("filters").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("payments", orders.GetProperty("metadata").GetProperty("team").GetString());
        var fallback = routes[1];
        Assert.Equal("fallback", fallback.GetProperty("route_id").GetString());
        Assert.Equal("lb://catalog", fallback.GetProperty("uri").GetString());
        Assert.Equal("true", fallback.GetProperty("predicate").GetString());
        Assert.Equal(0, fallback.GetProperty("filters").GetArrayLength());
        Assert.False(fallback.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Route_ById_ReturnsOneRouteOr404()
    {
        await using var gateway = await StartAsync(Config);

        using var json = await GetJsonAsync(gateway.Client, "/actuator/gateway/routes/fallback");
        using var missing = await gateway.Client.GetAsync("/actuator/gateway/routes/nope");

        Assert.Equal("fallback", json.RootElement.GetProperty("route_id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal("No route has the id 'nope'.", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RouteDefinitions_ListsRoutesAsConfigured()
    {
        await using var gateway = await StartAsync(Config);

        using var json = await GetJsonAsync(gateway.Client, "/actuator/gateway/routedefinitions");

        var orders = json.RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "orders");
        var predicate = orders.GetProperty("predicates")[0];
        Assert.Equal("Always", predicate.GetProperty("name").GetString());
        Assert.Equal("yes", predicate.GetProperty("args").GetProperty("_genkey_0").GetString());
        Assert.Equal("1", orders.GetProperty("filters")[0].GetProperty("args").GetProperty("_genkey_1").GetString());
    }

    [Fact]
    public async Task GlobalFilters_ListsDiFiltersWithOrdersInChainOrder()
    {
        await using var gateway = await StartAsync(Config);

        using var json = await GetJsonAsync(gateway.Client, "/actuator/gateway/globalfilters");
        using var orders = await GetJsonAsync(gateway.Client, "/actuator/gateway/globalfilters/orders");

        var filters = json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ToList();

        // Every registered global filter is listed with its order, in chain order; the user's filter sits at its own.
        Assert.Equal(filters.OrderBy(f => f.Item2).ToList(), filters);
        Assert.Equal(
            [("[Metrics]", -300), ("[AccessLog]", -250), ("[ErrorHandling]", -200), ("[Responding]", 0), ("[RouteToRequestUrl]", 10000), ("[LoadBalancerClient]", 10150)],
            filters.Where(f => f.Item1 is "[Metrics]" or "[AccessLog]" or "[ErrorHandling]" or "[Responding]" or "[RouteToRequestUrl]" or "[LoadBalancerClient]"));
        Assert.Contains(("[WebSocketRouting]", GlobalFilterOrder.WebSocketRouting), filters);
        Assert.Equal(-300, orders.RootElement.GetProperty("Metrics").GetInt32());
        Assert.Equal(int.MaxValue, orders.RootElement.GetProperty("HttpRouting").GetInt32());
        Assert.Equal(9, orders.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task RouteFiltersAndPredicates_ListFactoriesWithShortcutFields()
    {
        await using var gateway = await StartAsync(Config);

        using var filters = await GetJsonAsync(gateway.Client, "/actuator/gateway/routefilters");
        using var predicates = await GetJsonAsync(gateway.Client, "/actuator/gateway/routepredicates");

        Assert.Equal(["name", "value"], filters.RootElement.GetProperty("TestHeader").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["values"], predicates.RootElement.GetProperty("Always").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["value"], predicates.RootElement.GetProperty("Anything").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Refresh_AfterRewrite_ServesAndListsTheNewRoutes()
    {
        await using var gateway = await StartAsync(Config);
        var rewritten = await gateway.RewriteConfigAsync(Config + """

                - id: added
                  uri: http://added.internal:9000
                  order: 0
            """);
        Assert.True(rewritten.Succeeded);

        using var refresh = await gateway.Client.PostAsync("/actuator/gateway/refresh", null);
        using var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync());
        using var routes = await GetJsonAsync(gateway.Client, "/actuator/gateway/routes");
        using var served = await gateway.Client.GetAsync("/anything");

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.True(body.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.True(body.RootElement.GetProperty("generation").GetInt64() >= rewritten.Generation);
        Assert.Equal(3, body.RootElement.GetProperty("routeCount").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal("added", routes.RootElement[0].GetProperty("route_id").GetString());
        Assert.Equal("added", served.Headers.GetValues("X-Route-Id").Single());
    }

    [Fact]
    public async Task ConfigStatus_InvalidRewrite_ReportsErrorsWhileOldRoutesKeepServing()
    {
        await using var gateway = await StartAsync(Config);
        using var before = await GetJsonAsync(gateway.Client, "/actuator/gateway/config-status");
        var generation = before.RootElement.GetProperty("generation").GetInt64();

        var rewritten = await gateway.RewriteConfigAsync("""
            Portico:
              routes:
                - id: broken
                  order: -5
            """);

        using var status = await GetJsonAsync(gateway.Client, "/actuator/gateway/config-status");
        using var served = await gateway.Client.GetAsync("/orders/1");
        using var refresh = await gateway.Client.PostAsync("/actuator/gateway/refresh", null);
        using var refreshBody = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync());

        Assert.False(rewritten.Succeeded);
        Assert.True(before.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.False(status.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal(generation, status.RootElement.GetProperty("generation").GetInt64());
        Assert.Equal(2, status.RootElement.GetProperty("routeCount").GetInt32());
        var error = Assert.Single(status.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("broken", error.GetProperty("routeId").GetString());
        Assert.Equal("uri", error.GetProperty("field").GetString());
        Assert.Equal("is missing.", error.GetProperty("problem").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fix").GetString()));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("orders", served.Headers.GetValues("X-Route-Id").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refresh.StatusCode);
        Assert.False(refreshBody.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal("broken", refreshBody.RootElement.GetProperty("errors")[0].GetProperty("routeId").GetString());
    }

    [Fact]
    public async Task Health_ReportsUpWithComponentsAndGroups()
    {
        await using var gateway = await StartAsync(Config);

        using var health = await GetJsonAsync(gateway.Client, "/actuator/health");
        using var liveness = await GetJsonAsync(gateway.Client, "/actuator/health/liveness");
        using var readiness = await GetJsonAsync(gateway.Client, "/actuator/health/readiness");

        Assert.Equal("UP", health.RootElement.GetProperty("status").GetString());
        var components = health.RootElement.GetProperty("components");
        Assert.Equal(["gateway", "livenessState", "readinessState"], components.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, components.GetProperty("gateway").GetProperty("details").GetProperty("routes").GetInt32());
        Assert.Equal("UP", liveness.RootElement.GetProperty("status").GetString());
        Assert.Equal(["livenessState"], liveness.RootElement.GetProperty("components").EnumerateObject().Select(p => p.Name));
        Assert.Equal("UP", readiness.RootElement.GetProperty("components").GetProperty("readinessState").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Info_ReportsVersionGenerationAndRouteCount()
    {
        await using var gateway = await StartAsync(Config);

        using var info = await GetJsonAsync(gateway.Client, "/actuator/info");

        Assert.Equal("Portico", info.RootElement.GetProperty("build").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(info.RootElement.GetProperty("build").GetProperty("version").GetString()));
        var gatewayInfo = info.RootElement.GetProperty("gateway");
        Assert.Equal(1, gatewayInfo.GetProperty("generation").GetInt64());
        Assert.Equal(2, gatewayInfo.GetProperty("routeCount").GetInt32());
        Assert.True(gatewayInfo.GetProperty("startedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task ActuatorPaths_WinOverTheGatewaysCatchAllRoute()
    {
        // Both routes match every request, yet actuator paths are answered by the endpoints, not routed.
        await using var gateway = await StartAsync(Config);

        using var response = await gateway.Client.GetAsync("/actuator/info");
        using var routed = await gateway.Client.GetAsync("/actuator/not-an-endpoint");

        Assert.False(response.Headers.Contains("X-Route-Id"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("orders", routed.Headers.GetValues("X-Route-Id").Single());
    }

    internal static Task<TestGateway> StartAsync(string config, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configureBuilder = null) =>
        TestGateway.StartAsync(
            config,
            s =>
            {
                s.AddSingleton<IGlobalFilter, RespondingFilter>();
                s.AddSingleton<IGatewayFilterFactory, TestHeaderFilterFactory>();
                s.AddSingleton<IRoutePredicateFactory, AlwaysPredicateFactory>();
                s.AddSingleton<IRoutePredicateFactory, AnythingPredicateFactory>();
            },
            configureBuilder: configureBuilder);

    internal static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text);
    }
}
