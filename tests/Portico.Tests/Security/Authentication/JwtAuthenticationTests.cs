using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using Portico.Security.Authentication;
using Portico.Tests.Observability;

namespace Portico.Tests.Security.Authentication;

public class JwtAuthenticationTests
{
    private static readonly Microsoft.IdentityModel.Tokens.RsaSecurityKey Rsa = TestTokens.NewRsaKey();
    private static readonly Microsoft.IdentityModel.Tokens.ECDsaSecurityKey Ec = TestTokens.NewEcKey("ec1");

    private static readonly string Config = $"""
        portico:
          authentication:
            jwt:
              issuers: [{TestTokens.Issuer}]
              audiences: [{TestTokens.Audience}, other-api]
              clock-skew: 30s
              subject-header: X-Auth-Subject
              signing-keys:
                - id: hs1
                  secret: {TestTokens.SecretBase64}
                - public-key: {TestTokens.YamlBlock(TestTokens.PublicPem(Rsa), 12)}
                - id: ec1
                  public-key: {TestTokens.YamlBlock(TestTokens.PublicPem(Ec), 12)}
          routes:
            - id: orders
              uri: http://upstream.test
              metadata:
                auth: jwt
            - id: admin
              uri: http://upstream.test
              metadata:
                auth:
                  schemes: [jwt]
                  scopes: [orders.read, orders.admin]
            - id: audit
              uri: http://upstream.test
              metadata:
                auth:
                  schemes: jwt
                  roles: [admin, auditor]
            - id: staff
              uri: http://upstream.test
              metadata:
                auth:
                  schemes: jwt
                  roles: [admin]
            - id: public
              uri: http://upstream.test
        """;

    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Valid_Hmac_PassesWithUserAndSubjectHeader()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("orders", headers: [Bearer(TestTokens.Create(Now)), new("X-Auth-Subject", "forged")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        var user = exchange.HttpContext.User.Identity!;
        Assert.True(user.IsAuthenticated);
        Assert.Equal("alice", user.Name);
        Assert.Equal("jwt", user.AuthenticationType);
        Assert.Equal("alice", exchange.Request.Headers["X-Auth-Subject"]);
        Assert.StartsWith("Bearer ", exchange.Request.Headers.Authorization.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_RsaPemKey_Passes()
    {
        using var host = SecurityTestHost.Create(Config);
        Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, Rsa)));
    }

    [Fact]
    public async Task Valid_EcPemKeyWithKid_Passes()
    {
        using var host = SecurityTestHost.Create(Config);
        Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, Ec)));
    }

    [Fact]
    public async Task Expired_ByTheGatewaysClock_Is401NamingExpiry()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now);
        host.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(31));

        var exchange = await RefusedAsync(host, "orders", token, 401);

        AssertInvalidToken(exchange, "The token expired at 2030-01-01T12:10:00Z.");
    }

    [Fact]
    public async Task ExpiredWithinClockSkew_Passes()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now);
        host.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(29));
        Assert.True(await PassesAsync(host, "orders", token));
    }

    [Fact]
    public async Task NotYetValid_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, edit: d => d.NotBefore = Now.UtcDateTime.AddMinutes(5));
        var exchange = await RefusedAsync(host, "orders", token, 401);
        AssertInvalidToken(exchange, "The token is not valid before 2030-01-01T12:05:00Z.");
    }

    [Fact]
    public async Task NoExpiration_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, edit: d => d.Expires = null);
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token has no expiration time.");
    }

    [Fact]
    public async Task WrongIssuer_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, edit: d => d.Issuer = "https://evil.test");
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token's issuer is not trusted.");
    }

    [Fact]
    public async Task WrongAudience_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, edit: d => d.Audience = "billing");
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token is not meant for this audience.");
    }

    [Fact]
    public async Task SecondListedAudience_Passes()
    {
        using var host = SecurityTestHost.Create(Config);
        Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, edit: d => d.Audience = "other-api")));
    }

    [Fact]
    public async Task BadSignature_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, TestTokens.OtherSecret);
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token's signature is invalid.");
    }

    [Fact]
    public async Task TamperedPayload_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var parts = TestTokens.Create(Now).Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("alice", "admin", StringComparison.Ordinal);
        var token = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token's signature is invalid.");
    }

    [Fact]
    public async Task UnknownKeyId_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, TestTokens.NewRsaKey("rotated-away"));
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token is signed with an unknown key.");
    }

    [Fact]
    public async Task AlgNone_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        AssertInvalidToken(await RefusedAsync(host, "orders", TestTokens.Unsigned(Now), 401), "The token is not signed.");
    }

    [Fact]
    public async Task AlgNoneWithBogusSignature_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = await RefusedAsync(host, "orders", TestTokens.Unsigned(Now, "c2lnbmF0dXJl"), 401);
        Assert.Contains("error=\"invalid_token\"", exchange.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Null(exchange.HttpContext.User.Identity?.Name);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!.sig")]
    public async Task Malformed_Is401(string token)
    {
        using var host = SecurityTestHost.Create(Config);
        AssertInvalidToken(await RefusedAsync(host, "orders", token, 401), "The token is malformed.");
    }

    [Fact]
    public async Task NoToken_Is401WithPlainBearerChallengeAndProblemJson()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("orders", headers: [new("Authorization", "Basic YWxpY2U6c2VjcmV0")]);

        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Equal("Bearer", exchange.Response.Headers.WWWAuthenticate);
        Assert.Equal("application/problem+json", exchange.Response.ContentType);
        using var body = JsonDocument.Parse(SecurityTestHost.Body(exchange));
        Assert.Equal(401, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("This route requires a bearer token (Authorization: Bearer <token>).", body.RootElement.GetProperty("detail").GetString());
        Assert.Equal("orders", body.RootElement.GetProperty("routeId").GetString());
    }

    [Fact]
    public async Task Refusal_NeverEchoesTheToken()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, TestTokens.OtherSecret);
        var exchange = await RefusedAsync(host, "orders", token, 401);
        var signature = token.Split('.')[2];
        Assert.DoesNotContain(signature, SecurityTestHost.Body(exchange), StringComparison.Ordinal);
        Assert.DoesNotContain(signature, exchange.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingScope_Is403WithInsufficientScope()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = await RefusedAsync(host, "admin", TestTokens.Create(Now), 403);

        Assert.Equal(
            "Bearer error=\"insufficient_scope\", error_description=\"The caller lacks the scope 'orders.admin' this route requires.\", scope=\"orders.read orders.admin\"",
            exchange.Response.Headers.WWWAuthenticate);
        using var body = JsonDocument.Parse(SecurityTestHost.Body(exchange));
        Assert.Equal(403, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AllScopesHeld_Passes()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, edit: d => d.Claims["scope"] = "orders.admin orders.read");
        Assert.True(await PassesAsync(host, "admin", token));
    }

    [Fact]
    public async Task ScpArrayClaim_CountsAsScopes()
    {
        using var host = SecurityTestHost.Create(Config);
        var token = TestTokens.Create(Now, edit: d =>
        {
            d.Claims.Remove("scope");
            d.Claims["scp"] = new[] { "orders.read", "orders.admin" };
        });
        Assert.True(await PassesAsync(host, "admin", token));
    }

    [Fact]
    public async Task AnyListedRole_Passes_NoneIs403()
    {
        using var host = SecurityTestHost.Create(Config);
        Assert.True(await PassesAsync(host, "audit", TestTokens.Create(Now)));
        var exchange = await RefusedAsync(host, "staff", TestTokens.Create(Now), 403);
        Assert.Contains("lacks the role 'admin'", SecurityTestHost.Body(exchange), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteWithoutAuth_PassesButForgedIdentityHeaderIsRemoved()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("public", headers: [new("X-Auth-Subject", "admin")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.False(exchange.Request.Headers.ContainsKey("X-Auth-Subject"));
        Assert.False(exchange.HttpContext.User.Identity?.IsAuthenticated ?? false);
    }

    [Fact]
    public async Task StripCredentials_RemovesAuthorization()
    {
        using var host = SecurityTestHost.Create(Config.Replace("clock-skew: 30s", "clock-skew: 30s\n      strip-credentials: true", StringComparison.Ordinal));
        var exchange = host.Exchange("orders", headers: [Bearer(TestTokens.Create(Now))]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.False(exchange.Request.Headers.ContainsKey(HeaderNames.Authorization));
    }

    [Fact]
    public async Task RequiredClaimMissing_Is401()
    {
        using var host = SecurityTestHost.Create(Config.Replace("clock-skew: 30s", "clock-skew: 30s\n      required-claims: [tenant]", StringComparison.Ordinal));
        AssertInvalidToken(await RefusedAsync(host, "orders", TestTokens.Create(Now), 401), "The token lacks the required claim 'tenant'.");
        Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, edit: d => d.Claims["tenant"] = "acme")));
    }

    [Fact]
    public async Task AlgorithmsRestricted_OtherAlgorithmIs401()
    {
        using var host = SecurityTestHost.Create(Config.Replace("clock-skew: 30s", "clock-skew: 30s\n      algorithms: [RS256]", StringComparison.Ordinal));
        Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, Rsa)));
        AssertInvalidToken(await RefusedAsync(host, "orders", TestTokens.Create(Now), 401), "The token's signing algorithm is not accepted.");
    }

    [Fact]
    public async Task JwksFile_KeysRotateWhenTheFileIsRewritten()
    {
        var directory = Directory.CreateTempSubdirectory("portico-jwks-").FullName;
        try
        {
            var path = Path.Combine(directory, "jwks.json");
            var first = TestTokens.NewRsaKey("k1");
            var second = TestTokens.NewRsaKey("k2");
            await File.WriteAllTextAsync(path, TestTokens.Jwks(first));
            var logs = new CapturingLoggerProvider(LogLevel.Warning);
            using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
            using var host = SecurityTestHost.Create($"""
                portico:
                  authentication:
                    jwt:
                      issuers: [{TestTokens.Issuer}]
                      audiences: [{TestTokens.Audience}]
                      jwks-file: {path}
                  routes:
                    - id: orders
                      uri: http://upstream.test
                      metadata:
                        auth: jwt
                """, jwksLogger: loggers.CreateLogger<JwksFileStore>());

            Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, first)));
            AssertInvalidToken(await RefusedAsync(host, "orders", TestTokens.Create(Now, second), 401), "The token is signed with an unknown key.");

            await File.WriteAllTextAsync(path, TestTokens.Jwks(second));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            var rotated = false;
            while (!rotated && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                rotated = await PassesAsync(host, "orders", TestTokens.Create(Now, second));
            }

            Assert.True(rotated, "The rewritten JWKS file was not picked up.");
            AssertInvalidToken(await RefusedAsync(host, "orders", TestTokens.Create(Now, first), 401), "The token is signed with an unknown key.");

            // A broken rewrite is read, reported, and keeps the keys in force.
            var failuresBefore = ReloadFailures(logs, path);
            await File.WriteAllTextAsync(path, "{ not json");
            deadline = DateTime.UtcNow.AddSeconds(10);
            while (ReloadFailures(logs, path) == failuresBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(ReloadFailures(logs, path) > failuresBefore, "The broken JWKS file was never read.");
            Assert.True(await PassesAsync(host, "orders", TestTokens.Create(Now, second)));
            AssertInvalidToken(await RefusedAsync(host, "orders", TestTokens.Create(Now, first), 401), "The token is signed with an unknown key.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int ReloadFailures(CapturingLoggerProvider logs, string path) =>
        logs.Entries.Count(e => e.Message.Contains(path, StringComparison.Ordinal) && e.Message.Contains("the previous keys stay in force", StringComparison.Ordinal));

    private static KeyValuePair<string, string> Bearer(string token) => new("Authorization", "Bearer " + token);

    private static async Task<bool> PassesAsync(SecurityTestHost host, string route, string token)
    {
        var exchange = host.Exchange(route, headers: [Bearer(token)]);
        var reached = await SecurityTestHost.RunAsync(exchange, host.Authentication);
        return reached && exchange.Response.StatusCode == 200;
    }

    private static async Task<GatewayExchange> RefusedAsync(SecurityTestHost host, string route, string token, int status)
    {
        var exchange = host.Exchange(route, headers: [Bearer(token)]);
        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Authentication));
        Assert.Equal(status, exchange.Response.StatusCode);
        return exchange;
    }

    private static void AssertInvalidToken(GatewayExchange exchange, string description)
    {
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{description}\"", exchange.Response.Headers.WWWAuthenticate);
        using var body = JsonDocument.Parse(SecurityTestHost.Body(exchange));
        Assert.Equal(description, body.RootElement.GetProperty("detail").GetString());
    }
}
