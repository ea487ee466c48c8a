using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;
using static Portico.Tests.Filters.GatewayFilters.FilterFactoryTests;

namespace Portico.Tests.Filters.GatewayFilters;

public class SecureHeadersGatewayFilterFactoryTests
{
    private readonly SecureHeadersGatewayFilterFactory _factory = new();

    [Fact]
    public async Task SecureHeaders_Defaults_AddsSpringDefaults()
    {
        var filter = Create(_factory, "SecureHeaders");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange);

        var headers = exchange.Response.Headers;
        Assert.Equal("1 ; mode=block", headers["X-Xss-Protection"]);
        Assert.Equal("max-age=631138519", headers["Strict-Transport-Security"]);
        Assert.Equal("DENY", headers["X-Frame-Options"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.Equal(
            "default-src 'self' https:; font-src 'self' https: data:; img-src 'self' https: data:; object-src 'none'; script-src https:; style-src 'self' https: 'unsafe-inline'",
            headers["Content-Security-Policy"]);
        Assert.Equal("noopen", headers["X-Download-Options"]);
        Assert.Equal("none", headers["X-Permitted-Cross-Domain-Policies"]);
        Assert.False(headers.ContainsKey("Permissions-Policy"));
    }

    [Fact]
    public async Task SecureHeaders_UpstreamSetHeader_KeepsUpstreamValue()
    {
        var filter = Create(_factory, "SecureHeaders");
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange, 200, ("X-Frame-Options", "SAMEORIGIN"));

        Assert.Equal(["SAMEORIGIN"], Values(exchange.Response.Headers["X-Frame-Options"]));
    }

    [Fact]
    public async Task SecureHeaders_DisableAndOverride_AppliesBoth()
    {
        var filter = Create(
            _factory,
            ("disable", "x-frame-options"),
            ("disable", "Strict-Transport-Security"),
            ("referrerPolicy", "same-origin"));
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange);

        var headers = exchange.Response.Headers;
        Assert.False(headers.ContainsKey("X-Frame-Options"));
        Assert.False(headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("same-origin", headers["Referrer-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
    }

    [Fact]
    public async Task SecureHeaders_EnablePermissionsPolicy_AddsOptInDefault()
    {
        var filter = Create(_factory, ("enable", "permissions-policy"));
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange);

        Assert.StartsWith("accelerometer=(), ambient-light-sensor=()", exchange.Response.Headers["Permissions-Policy"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecureHeaders_PermissionPolicyValue_EnablesHeader()
    {
        var filter = Create(_factory, ("permissionPolicy", "geolocation=()"));
        var exchange = TestExchange.Create();

        await RunAsync(filter, exchange);

        Assert.Equal("geolocation=()", exchange.Response.Headers["Permissions-Policy"]);
    }

    [Fact]
    public void SecureHeaders_ToString_PrintsOverridesAndDisabled() =>
        Assert.Equal(
            "[SecureHeaders frameOptions = 'SAMEORIGIN', disable = 'X-Xss-Protection']",
            Create(_factory, ("frameOptions", "SAMEORIGIN"), ("disable", "x-xss-protection")).ToString());

    [Fact]
    public void SecureHeaders_UnknownHeaderInDisable_ListsKnownHeaders()
    {
        var error = Assert.Single(ConfigErrors(_factory, ("disable", "x-powered-by")));

        Assert.Contains("'x-powered-by' is not one of the secure headers", error.Problem, StringComparison.Ordinal);
        Assert.Contains("x-frame-options", error.Fix, StringComparison.Ordinal);
    }
}
