using Microsoft.Net.Http.Headers;

namespace Portico.Tests.Security.Cors;

public class CorsFilterTests
{
    private const string ListConfig = """
        portico:
          cors:
            allowed-origins: [https://app.example.com, https://*.example.org]
            allowed-methods: [GET, POST, PUT]
            allowed-headers: [Authorization, Content-Type]
            exposed-headers: [X-Request-Id]
            max-age: 600
          authentication:
            jwt:
              issuers: [https://issuer.test]
              audiences: [api]
              signing-keys:
                - secret: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
          routes:
            - id: api
              uri: http://upstream.test
              metadata:
                auth: jwt
            - id: closed
              uri: http://upstream.test
              metadata:
                cors: false
            - id: partner
              uri: http://upstream.test
              metadata:
                cors:
                  allowed-origins: https://partner.example.net
                  allow-credentials: false
        """;

    private const string WildcardConfig = """
        portico:
          cors:
            allowed-origins: "*"
            allowed-methods: "*"
          routes:
            - id: api
              uri: http://upstream.test
        """;

    [Fact]
    public async Task Preflight_AnsweredBeforeAuthentication_WithAllowHeaders()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api", "OPTIONS", headers:
        [
            new("Origin", "https://app.example.com"),
            new("Access-Control-Request-Method", "PUT"),
            new("Access-Control-Request-Headers", "authorization, content-type"),
        ]);

        var reached = await SecurityTestHost.RunAsync(exchange, host.Cors, host.Authentication);

        Assert.False(reached);
        var headers = exchange.Response.Headers;
        Assert.Equal(204, exchange.Response.StatusCode);
        Assert.Equal("https://app.example.com", headers.AccessControlAllowOrigin);
        Assert.Equal("true", headers.AccessControlAllowCredentials);
        Assert.Equal("GET, POST, PUT", headers.AccessControlAllowMethods);
        Assert.Equal("authorization, content-type", headers.AccessControlAllowHeaders);
        Assert.Equal("600", headers.AccessControlMaxAge);
        Assert.Equal("Origin,Access-Control-Request-Method,Access-Control-Request-Headers", headers.Vary.ToString());
        Assert.False(headers.ContainsKey(HeaderNames.WWWAuthenticate));
    }

    [Theory]
    [InlineData("https://evil.example.com", "GET", "")]
    [InlineData("https://app.example.com", "DELETE", "")]
    [InlineData("https://app.example.com", "GET", "x-secret")]
    public async Task Preflight_NotAllowed_204WithoutCorsHeaders(string origin, string method, string requestHeaders)
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api", "OPTIONS", headers:
        [
            new("Origin", origin),
            new("Access-Control-Request-Method", method),
            new("Access-Control-Request-Headers", requestHeaders),
        ]);

        var reached = await SecurityTestHost.RunAsync(exchange, host.Cors, host.Authentication);

        Assert.False(reached);
        Assert.Equal(204, exchange.Response.StatusCode);
        Assert.False(exchange.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
        Assert.False(exchange.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowMethods));
        Assert.Contains("Origin", exchange.Response.Headers.Vary.ToArray());
    }

    [Fact]
    public async Task Actual_ListedOrigin_EchoedWithCredentialsExposeAndVary()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api", headers: [new("Origin", "https://app.example.com"), new("Authorization", "Bearer x")]);

        await SecurityTestHost.RunAsync(exchange, host.Cors);

        var headers = exchange.Response.Headers;
        Assert.Equal("https://app.example.com", headers.AccessControlAllowOrigin);
        Assert.Equal("true", headers.AccessControlAllowCredentials);
        Assert.Equal("x-request-id", headers.AccessControlExposeHeaders);
        Assert.Equal("Origin", headers.Vary);
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowMethods));
    }

    [Fact]
    public async Task RouteOverride_ReplacesOriginsAndCredentials()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var partner = host.Exchange("partner", headers: [new("Origin", "https://partner.example.net")]);
        var globalOrigin = host.Exchange("partner", headers: [new("Origin", "https://app.example.com")]);

        Assert.True(await SecurityTestHost.RunAsync(partner, host.Cors));
        await SecurityTestHost.RunAsync(globalOrigin, host.Cors);

        var headers = partner.Response.Headers;
        Assert.Equal("https://partner.example.net", headers.AccessControlAllowOrigin);
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowCredentials));
        Assert.Equal("x-request-id", headers.AccessControlExposeHeaders);
        Assert.False(globalOrigin.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
    }

    [Fact]
    public async Task Actual_OriginPattern_MatchesSubdomainOnly()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var sub = host.Exchange("api", "POST", headers: [new("Origin", "https://a.b.example.org"), new("Authorization", "Bearer x")]);
        var apex = host.Exchange("api", "POST", headers: [new("Origin", "https://example.org")]);

        await SecurityTestHost.RunAsync(sub, host.Cors);
        await SecurityTestHost.RunAsync(apex, host.Cors);

        Assert.Equal("https://a.b.example.org", sub.Response.Headers.AccessControlAllowOrigin);
        Assert.Equal("true", sub.Response.Headers.AccessControlAllowCredentials);
        Assert.False(apex.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
    }

    [Fact]
    public async Task Actual_DisallowedOrigin_NoCorsHeadersButVary()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api", headers: [new("Origin", "https://evil.example.com")]);

        await SecurityTestHost.RunAsync(exchange, host.Cors);

        var headers = exchange.Response.Headers;
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowCredentials));
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlExposeHeaders));
        Assert.Equal("Origin", headers.Vary);
    }

    [Fact]
    public async Task Actual_NoOrigin_StillVariesByOrigin()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api");

        await SecurityTestHost.RunAsync(exchange, host.Cors);

        Assert.Equal("Origin", exchange.Response.Headers.Vary);
        Assert.False(exchange.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
    }

    [Fact]
    public async Task Actual_UpstreamVary_OriginAppended()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api", headers: [new("Origin", "https://app.example.com")]);
        var upstream = new AnsweringFilter(e => e.Response.Headers.Vary = "Accept-Encoding");

        await SecurityTestHost.RunAsync(exchange, host.Cors, upstream);

        Assert.Equal("Accept-Encoding,Origin", exchange.Response.Headers.Vary.ToString());
    }

    [Fact]
    public async Task Actual_ErrorResponseFromAuthentication_StillCarriesCorsHeaders()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("api", headers: [new("Origin", "https://app.example.com")]);

        var reached = await SecurityTestHost.RunAsync(exchange, host.Cors, host.Authentication);

        Assert.False(reached);
        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Equal("https://app.example.com", exchange.Response.Headers.AccessControlAllowOrigin);
        Assert.Equal("true", exchange.Response.Headers.AccessControlAllowCredentials);
    }

    [Fact]
    public async Task Wildcard_SendsStarWithoutCredentials_EvenWhenUpstreamSaysTrue()
    {
        using var host = SecurityTestHost.Create(WildcardConfig);
        var exchange = host.Exchange("api", headers: [new("Origin", "https://anyone.example")]);
        var upstream = new AnsweringFilter(e =>
        {
            e.Response.Headers.AccessControlAllowOrigin = "https://anyone.example";
            e.Response.Headers.AccessControlAllowCredentials = "true";
        });

        await SecurityTestHost.RunAsync(exchange, host.Cors, upstream);

        var headers = exchange.Response.Headers;
        Assert.Equal("*", headers.AccessControlAllowOrigin);
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowCredentials));
        Assert.False(headers.ContainsKey(HeaderNames.Vary));
    }

    [Fact]
    public async Task Wildcard_PreflightEchoesRequestedMethodAndHeaders()
    {
        using var host = SecurityTestHost.Create(WildcardConfig);
        var exchange = host.Exchange("api", "OPTIONS", headers:
        [
            new("Origin", "https://anyone.example"),
            new("Access-Control-Request-Method", "PATCH"),
            new("Access-Control-Request-Headers", "x-custom"),
        ]);

        await SecurityTestHost.RunAsync(exchange, host.Cors);

        var headers = exchange.Response.Headers;
        Assert.Equal("*", headers.AccessControlAllowOrigin);
        Assert.Equal("PATCH", headers.AccessControlAllowMethods);
        Assert.Equal("x-custom", headers.AccessControlAllowHeaders);
        Assert.Equal("1800", headers.AccessControlMaxAge);
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowCredentials));
        Assert.DoesNotContain("Origin", headers.Vary.ToArray());
    }

    [Fact]
    public async Task RouteWithCorsOff_PreflightPassesThrough()
    {
        using var host = SecurityTestHost.Create(ListConfig);
        var exchange = host.Exchange("closed", "OPTIONS", headers:
        [
            new("Origin", "https://app.example.com"),
            new("Access-Control-Request-Method", "GET"),
        ]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Cors));
        Assert.Equal(200, exchange.Response.StatusCode);
        Assert.False(exchange.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
    }

    [Fact]
    public async Task NoCorsConfigured_NoHeadersAndPreflightPassesThrough()
    {
        using var host = SecurityTestHost.Create("""
            portico:
              routes:
                - id: api
                  uri: http://upstream.test
            """);
        var exchange = host.Exchange("api", "OPTIONS", headers:
        [
            new("Origin", "https://app.example.com"),
            new("Access-Control-Request-Method", "GET"),
        ]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Cors));
        Assert.Empty(exchange.Response.Headers);
    }

    [Fact]
    public async Task RouteOverride_EnablesCorsWhenGloballyOff()
    {
        using var host = SecurityTestHost.Create("""
            portico:
              routes:
                - id: api
                  uri: http://upstream.test
                  metadata:
                    cors:
                      allowed-origins:
                        - https://one.example
                        - https://two.example
            """);
        var exchange = host.Exchange("api", headers: [new("Origin", "https://two.example")]);

        await SecurityTestHost.RunAsync(exchange, host.Cors);

        Assert.Equal("https://two.example", exchange.Response.Headers.AccessControlAllowOrigin);
        Assert.Equal("true", exchange.Response.Headers.AccessControlAllowCredentials);
    }

    private sealed class AnsweringFilter(Action<GatewayExchange> answer) : Portico.Filters.IGatewayFilter
    {
        public ValueTask FilterAsync(GatewayExchange exchange, Portico.Filters.GatewayFilterChain chain)
        {
            answer(exchange);
            return chain.FilterAsync(exchange);
        }
    }
}
