using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Portico.Configuration;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Authentication;

namespace Portico.FunctionalTests.Security;

public class SecurityGatewayTests
{
    private const string ApiKey = "billing-key-7f3a9c";

    private static string Config(TestUpstream upstream) => $"""
        portico:
          cors:
            allowed-origins: [https://app.example.com]
            allowed-methods: [GET, POST]
          authentication:
            jwt:
              issuers: [{SecurityGateway.Issuer}]
              audiences: [{SecurityGateway.Audience}]
              subject-header: X-Auth-Subject
              signing-keys:
                - secret: {SecurityGateway.SecretBase64}
            api-key:
              query-parameter: api_key
              client-header: X-Auth-Client
              clients:
                - name: billing
                  key-sha256: {ApiKeyHash.Compute(ApiKey)}
          routes:
            - id: orders
              uri: {upstream.BaseAddress}
              predicates: [Path=/orders/**]
              metadata:
                auth:
                  schemes: jwt
                  scopes: orders.read
            - id: admin
              uri: {upstream.BaseAddress}
              predicates: [Path=/admin/**]
              metadata:
                auth:
                  schemes: jwt
                  scopes: orders.admin
            - id: invoices
              uri: {upstream.BaseAddress}
              predicates: [Path=/invoices/**]
              metadata:
                auth: api-key
            - id: open
              uri: {upstream.BaseAddress}
              predicates: [Path=/open/**]
        """;

    [Fact]
    public async Task Preflight_AnsweredWithoutCredentials_WhileTheRouteRequiresAJwt()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/orders/42");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        using var answer = await gateway.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://app.example.com", Single(answer, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(answer, "Access-Control-Allow-Credentials"));
        Assert.Equal("GET, POST", Single(answer, "Access-Control-Allow-Methods"));
        Assert.Equal("authorization, content-type", Single(answer, "Access-Control-Allow-Headers"));
        Assert.False(answer.Headers.Contains("WWW-Authenticate"));

        // The same route without a token: refused, and the browser can still read why.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/42");
        request.Headers.Add("Origin", "https://app.example.com");
        using var refused = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("https://app.example.com", Single(refused, "Access-Control-Allow-Origin"));
        Assert.Equal("Bearer", Single(refused, "WWW-Authenticate"));
    }

    [Fact]
    public async Task ValidJwt_ReachesTheUpstreamWithSubjectAndCorsOnTheResponse()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/42");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecurityGateway.Token(TimeSpan.FromMinutes(5)));
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("X-Auth-Subject", "mallory");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Equal("alice", echo.Header("X-Auth-Subject"));
        Assert.StartsWith("Bearer ", echo.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("https://app.example.com", Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task ExpiredJwt_Is401ProblemWithPreciseChallenge()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/42");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecurityGateway.Token(TimeSpan.FromMinutes(-10)));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var challenge = Single(response, "WWW-Authenticate");
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"The token expired at ", challenge, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, body.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith("The token expired at ", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("orders", body.RootElement.GetProperty("routeId").GetString());
    }

    [Fact]
    public async Task WrongAudience_Is401_MissingScope_Is403()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        using var wrongAudience = new HttpRequestMessage(HttpMethod.Get, "/orders/42");
        wrongAudience.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecurityGateway.Token(TimeSpan.FromMinutes(5), audience: "billing"));
        using var forbidden = new HttpRequestMessage(HttpMethod.Get, "/admin/x");
        forbidden.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecurityGateway.Token(TimeSpan.FromMinutes(5)));

        using var first = await gateway.Client.SendAsync(wrongAudience);
        using var second = await gateway.Client.SendAsync(forbidden);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("The token is not meant for this audience.", Single(first, "WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.StartsWith("Bearer error=\"insufficient_scope\"", Single(second, "WWW-Authenticate"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("The caller lacks the scope 'orders.admin' this route requires.", body.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ApiKey_UpstreamNeverSeesTheKey()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        using var header = new HttpRequestMessage(HttpMethod.Get, "/invoices/7");
        header.Headers.Add("X-Api-Key", ApiKey);

        using var viaHeader = await gateway.Client.SendAsync(header);
        using var viaQuery = await gateway.Client.GetAsync($"/invoices/7?year=2030&api_key={ApiKey}");

        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        var first = await EchoResponse.ReadAsync(viaHeader);
        Assert.Null(first.Header("X-Api-Key"));
        Assert.Equal("billing", first.Header("X-Auth-Client"));

        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        var second = await EchoResponse.ReadAsync(viaQuery);
        Assert.Equal("?year=2030", second.QueryString);
        Assert.DoesNotContain(ApiKey, second.RawTarget, StringComparison.Ordinal);
        Assert.Null(second.Header("X-Api-Key"));
    }

    [Fact]
    public async Task JwtStripCredentials_UpstreamNeverSeesTheToken()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream).Replace("subject-header: X-Auth-Subject", "subject-header: X-Auth-Subject\n      strip-credentials: true", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/42");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecurityGateway.Token(TimeSpan.FromMinutes(5)));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Null(echo.Header("Authorization"));
        Assert.Equal("alice", echo.Header("X-Auth-Subject"));
    }

    [Fact]
    public async Task UnknownApiKey_Is401WithoutEchoingIt()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/invoices/7");
        request.Headers.Add("X-Api-Key", "guessed-key-0000");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", Single(response, "WWW-Authenticate"));
        Assert.DoesNotContain("guessed-key-0000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == Portico.Logging.EventIdRanges.Authentication + 31);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Message.Contains("guessed-key-0000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpoofedXForwardedFor_FromUntrustedPeer_DoesNotChangeTheClientAddress()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/x");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("Forwarded", "for=198.51.100.1");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", Single(response, SecurityGateway.ClientAddressHeader));
    }

    [Fact]
    public async Task XForwardedFor_FromTrustedPeer_GivesTheClientAddress()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream).Replace("  cors:", "  trusted-proxies: [127.0.0.1, 10.0.0.0/8]\n  cors:", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/x");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.1.2.3");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal("203.0.113.7", Single(response, SecurityGateway.ClientAddressHeader));
    }

    [Fact]
    public async Task InvalidSecuritySettings_StopStartupNamingEveryProblem()
    {
        var exception = await Assert.ThrowsAsync<PorticoConfigException>(() => SecurityGateway.StartAsync($"""
            portico:
              trusted-proxies: [10.0.0.0/33]
              cors:
                allowed-origins: "*"
                allow-credentials: true
              routes:
                - id: r
                  uri: http://127.0.0.1:9
                  metadata:
                    auth: jwt
            """));
        Assert.Contains(exception.Errors, e => e.Field == "trusted-proxies[0]");
        Assert.Contains(exception.Errors, e => e.Field == "cors.allow-credentials");
        Assert.Contains(exception.Errors, e => e.RouteId == "r" && e.Field == "metadata.auth.schemes");
    }

    [Fact]
    public async Task BadReload_KeepsTheLastGoodSecuritySettings()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await SecurityGateway.StartAsync(Config(upstream));
        var status = await gateway.RewriteConfigAsync(Config(upstream).Replace("secret: " + SecurityGateway.SecretBase64, "secret: c2hvcnQ=", StringComparison.Ordinal));

        Assert.False(status.Succeeded);
        Assert.Contains(status.Errors, e => e.Field == "authentication.jwt.signing-keys[0].secret");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/42");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecurityGateway.Token(TimeSpan.FromMinutes(5)));
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.GetAsync("/orders/42")).StatusCode);
    }

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"Response has no {name} header.");
}
