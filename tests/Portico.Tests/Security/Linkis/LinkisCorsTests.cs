using Microsoft.Net.Http.Headers;
using Portico.Tests.Security;

namespace Portico.Tests.Security.Linkis;

/// <summary>The CORS answers of the Linkis routes (§1.4, D9, D18), given by the gateway's CORS step.</summary>
public class LinkisCorsTests
{
    private static string Yaml(string access = "", bool security = true) =>
        "portico:\n  cors:\n    allowed-origins: [https://global.example.com]\n  linkis:\n    enabled: true\n  linkis-security:\n    enabled: " + (security ? "true" : "false")
        + "\n    crypt-key: unit-test-crypt-key-0123456789\n" + access;

    [Fact]
    public async Task Preflight_LinkisDefaults_AnyOriginWithoutCredentials()
    {
        using var host = SecurityTestHost.Create(Yaml());
        var exchange = host.Exchange("api", "OPTIONS", "/api/rest_j/v1/entrance/submit", [new("Origin", "https://console.example.com"), new("Access-Control-Request-Method", "POST"), new("Access-Control-Request-Headers", "content-type")]);

        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Cors));
        var headers = exchange.Response.Headers;
        Assert.Equal(204, exchange.Response.StatusCode);
        Assert.Equal("*", headers.AccessControlAllowOrigin.ToString());
        Assert.False(headers.ContainsKey(HeaderNames.AccessControlAllowCredentials));
        Assert.Equal("POST, GET, OPTIONS, PUT, HEAD, DELETE", headers.AccessControlAllowMethods.ToString());
        Assert.Equal("authorization, content-type", headers.AccessControlAllowHeaders.ToString());
    }

    [Fact]
    public async Task Response_ListedOrigin_EchoedWithCredentials()
    {
        using var host = SecurityTestHost.Create(Yaml("    access:\n      cors:\n        allowed-origins: [https://console.example.com]\n"));
        var exchange = host.Exchange("api", "GET", "/api/rest_j/v1/jobhistory/list", [new("Origin", "https://console.example.com")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Cors));
        Assert.Equal("https://console.example.com", exchange.Response.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal("true", exchange.Response.Headers.AccessControlAllowCredentials.ToString());
    }

    [Fact]
    public async Task Response_OriginOnlyInTheGlobalSettings_GetsNoCorsHeaders()
    {
        using var host = SecurityTestHost.Create(Yaml("    access:\n      cors:\n        allowed-origins: [https://console.example.com]\n"));
        var exchange = host.Exchange("ws", "GET", "/ws/api/entrance/connect", [new("Origin", "https://global.example.com")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Cors));
        Assert.False(exchange.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
    }

    [Fact]
    public async Task SecurityOff_LinkisRoutesFollowTheGlobalSettings()
    {
        using var host = SecurityTestHost.Create(Yaml(security: false));
        var exchange = host.Exchange("api", "GET", "/api/rest_j/v1/jobhistory/list", [new("Origin", "https://global.example.com")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Cors));
        Assert.Equal("https://global.example.com", exchange.Response.Headers.AccessControlAllowOrigin.ToString());
    }

    [Fact]
    public async Task EmptyOrigins_SwitchCorsOffForTheLinkisRoutes()
    {
        using var host = SecurityTestHost.Create(Yaml("    access:\n      cors:\n        allowed-origins: \"\"\n"));
        var exchange = host.Exchange("api", "OPTIONS", "/api/rest_j/v1/entrance/submit", [new("Origin", "https://global.example.com"), new("Access-Control-Request-Method", "POST")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Cors));
        Assert.False(exchange.Response.Headers.ContainsKey(HeaderNames.AccessControlAllowOrigin));
    }

    [Fact]
    public void InvalidLinkisCors_NamesTheLinkisField()
    {
        var errors = SecurityTestHost.Errors(Yaml("    access:\n      cors:\n        allowed-origins: [\"*\"]\n        allow-credentials: true\n"));

        var error = Assert.Single(errors);
        Assert.Equal("linkis-security.access.cors.allow-credentials", error.Field);
    }
}
