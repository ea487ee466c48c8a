using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Management;

public class ManagementAccessTests
{
    private const string Routes = """
          routes:
            - id: orders
              uri: http://orders.internal:8080
        """;

    [Fact]
    public async Task Actuator_ClientOutsideAllowedNetworks_Gets403Problem()
    {
        await using var gateway = await ActuatorEndpointsTests.StartAsync("""
            Portico:
              management:
                allowed-networks: [10.0.0.0/8]
            """ + "\n" + Routes);

        using var routes = await gateway.Client.GetAsync("/actuator/gateway/routes");
        using var health = await gateway.Client.GetAsync("/actuator/health");
        using var prometheus = await gateway.Client.GetAsync("/actuator/prometheus");
        using var refresh = await gateway.Client.PostAsync("/actuator/gateway/refresh", null);

        Assert.Equal(HttpStatusCode.Forbidden, routes.StatusCode);
        Assert.Equal("application/problem+json", routes.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":403", await routes.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, health.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, prometheus.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public async Task Health_ExposedPublicly_AnswersOthersWithStatusOnly()
    {
        await using var gateway = await ActuatorEndpointsTests.StartAsync("""
            Portico:
              management:
                allowed-networks: [10.0.0.0/8]
                expose-health-publicly: true
            """ + "\n" + Routes);

        using var health = await gateway.Client.GetAsync("/actuator/health");
        using var readiness = await gateway.Client.GetAsync("/actuator/health/readiness");
        using var info = await gateway.Client.GetAsync("/actuator/info");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("{\"status\":\"UP\"}", await health.Content.ReadAsStringAsync());
        Assert.Equal("{\"status\":\"UP\"}", await readiness.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, info.StatusCode);
    }

    [Fact]
    public async Task Refresh_BasicCredentialsConfigured_Requires401ThenAcceptsValidOnes()
    {
        await using var gateway = await ActuatorEndpointsTests.StartAsync("""
            Portico:
              management:
                username: admin
                password: "s3cret"
            """ + "\n" + Routes);

        using var without = await gateway.Client.PostAsync("/actuator/gateway/refresh", null);
        using var wrong = await PostRefreshAsync(gateway.Client, Basic("admin", "guess"));
        using var right = await PostRefreshAsync(gateway.Client, Basic("admin", "s3cret"));
        using var read = await gateway.Client.GetAsync("/actuator/gateway/routes");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Basic", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Refresh_TokenConfigured_AcceptsTheBearerToken()
    {
        await using var gateway = await ActuatorEndpointsTests.StartAsync("""
            Portico:
              management:
                token: t0ken-value
            """ + "\n" + Routes);

        using var without = await gateway.Client.PostAsync("/actuator/gateway/refresh", null);
        using var wrong = await PostRefreshAsync(gateway.Client, new AuthenticationHeaderValue("Bearer", "t0ken-valuE"));
        using var right = await PostRefreshAsync(gateway.Client, new AuthenticationHeaderValue("Bearer", "t0ken-value"));

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task ManagementPort_EndpointsAnswerOnlyOnThatPort()
    {
        var port = FreePort();
        await using var gateway = await ActuatorEndpointsTests.StartAsync(
            $"""
            Portico:
              management:
                port: {port}
            """,
            configureBuilder: b => b.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port)));
        Assert.NotEqual(port, gateway.BaseAddress.Port);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var onMain = await gateway.Client.GetAsync("/actuator/health");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/actuator/health");
        forged.Headers.Host = $"127.0.0.1:{port}";
        using var forgedResponse = await gateway.Client.SendAsync(forged);
        using var onManagement = await management.GetAsync("/actuator/health");
        using var routesOnManagement = await management.GetAsync("/actuator/gateway/routes");

        // On the main port the path is ordinary gateway traffic: no route matches it.
        Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
        Assert.Contains("No route matches", await onMain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, forgedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onManagement.StatusCode);
        Assert.Contains("\"status\":\"UP\"", await onManagement.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, routesOnManagement.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    private static async Task<HttpResponseMessage> PostRefreshAsync(HttpClient client, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/actuator/gateway/refresh") { Headers = { Authorization = authorization } };
        return await client.SendAsync(request);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
