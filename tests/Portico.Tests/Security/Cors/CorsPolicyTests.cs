using Portico.Configuration;
using Portico.Security.Cors;

namespace Portico.Tests.Security.Cors;

public class CorsPolicyTests
{
    [Fact]
    public void Compile_WildcardWithCredentials_IsRefused()
    {
        var errors = Errors(new CorsConfig { AllowedOrigins = ["*"], AllowCredentials = true });
        var error = Assert.Single(errors);
        Assert.Equal("cors.allow-credentials", error.Field);
    }

    [Fact]
    public void Compile_WildcardDefaultsToNoCredentials()
    {
        var policy = Compile(new CorsConfig { AllowedOrigins = ["*"] });
        Assert.True(policy.AnyOrigin);
        Assert.False(policy.AllowCredentials);
        Assert.False(policy.VaryByOrigin);
    }

    [Fact]
    public void Compile_ListDefaultsToCredentials()
    {
        var policy = Compile(new CorsConfig { AllowedOrigins = ["https://app.example.com"] });
        Assert.True(policy.AllowCredentials);
        Assert.True(policy.VaryByOrigin);
        Assert.Equal("GET, HEAD, POST", policy.AllowMethodsValue);
        Assert.True(policy.AnyHeader);
        Assert.Equal("1800", policy.MaxAgeValue);
    }

    [Theory]
    [InlineData("https://app.example.com/", "slash")]
    [InlineData("app.example.com", "scheme")]
    [InlineData("https://app.example.com/path", "origin")]
    [InlineData("https://a.*.example.com", "origin")]
    public void Compile_BadOrigin_IsNamed(string origin, string hint)
    {
        var error = Assert.Single(Errors(new CorsConfig { AllowedOrigins = [origin] }));
        Assert.Equal("cors.allowed-origins", error.Field);
        Assert.Contains(origin, error.Problem, StringComparison.Ordinal);
        Assert.Contains(hint, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_StarMixedWithOrigins_IsRefused()
    {
        Assert.Contains(Errors(new CorsConfig { AllowedOrigins = ["*", "https://a.example"] }), e => e.Problem.Contains("mixes", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_ExposeStarWithCredentials_IsRefused()
    {
        var error = Assert.Single(Errors(new CorsConfig { AllowedOrigins = ["https://a.example"], ExposedHeaders = ["*"] }));
        Assert.Equal("cors.exposed-headers", error.Field);
    }

    [Theory]
    [InlineData("30m", "1800")]
    [InlineData("90", "90")]
    [InlineData("1h", "3600")]
    public void Compile_MaxAge_SecondsOrDuration(string text, string expected) =>
        Assert.Equal(expected, Compile(new CorsConfig { AllowedOrigins = ["*"], MaxAge = text }).MaxAgeValue);

    [Fact]
    public void Compile_BadMaxAge_IsNamed()
    {
        var error = Assert.Single(Errors(new CorsConfig { AllowedOrigins = ["*"], MaxAge = "soon" }));
        Assert.Equal("cors.max-age", error.Field);
    }

    [Fact]
    public void Compile_NoOrigins_IsOff() => Assert.Null(CorsPolicy.Compile(new CorsConfig(), null, "cors", []));

    [Fact]
    public void IsOriginAllowed_CaseInsensitiveExactMatch()
    {
        var policy = Compile(new CorsConfig { AllowedOrigins = ["https://App.Example.com"] });
        Assert.True(policy.IsOriginAllowed("https://app.example.COM"));
        Assert.False(policy.IsOriginAllowed("https://app.example.com.evil.test"));
        Assert.False(policy.IsOriginAllowed("null"));
    }

    [Theory]
    [InlineData("https://x.example.org", true)]
    [InlineData("https://x.y.example.org", true)]
    [InlineData("https://example.org", false)]
    [InlineData("https://evilexample.org", false)]
    [InlineData("http://x.example.org", false)]
    [InlineData("https://x.example.org:8443", false)]
    [InlineData("https://x/y.example.org", false)]
    [InlineData("https://.example.org", false)]
    public void IsOriginAllowed_SubdomainPattern(string origin, bool expected) =>
        Assert.Equal(expected, Compile(new CorsConfig { AllowedOrigins = ["https://*.example.org"] }).IsOriginAllowed(origin));

    [Fact]
    public void RouteMetadata_UnknownFieldAndBadBoolean_AreNamedWithRoute()
    {
        var errors = SecurityTestHost.Errors("""
            portico:
              routes:
                - id: api
                  uri: http://upstream.test
                  metadata:
                    cors:
                      allowed-origin: https://typo.example
                      allow-credentials: maybe
            """);
        Assert.Contains(errors, e => e.RouteId == "api" && e.Field == "metadata.cors.allowed-origin");
        Assert.Contains(errors, e => e.RouteId == "api" && e.Field == "metadata.cors.allow-credentials");
    }

    [Fact]
    public void RouteMetadata_EnabledWithoutOrigins_IsNamed()
    {
        var errors = SecurityTestHost.Errors("""
            portico:
              routes:
                - id: api
                  uri: http://upstream.test
                  metadata:
                    cors:
                      enabled: true
            """);
        var error = Assert.Single(errors);
        Assert.Equal("metadata.cors.enabled", error.Field);
    }

    [Fact]
    public void GlobalCors_ReadFromYamlWithEveryField()
    {
        var config = Portico.Tests.TestSupport.ConfigText.Read("""
            portico:
              cors:
                allowed-origins: https://a.example, https://b.example
                allowed-methods: [GET, DELETE]
                allowed-headers: [X-One]
                exposed-headers: [X-Two]
                allow-credentials: false
                max-age: 5m
            """);
        Assert.Equal(["https://a.example", "https://b.example"], config.Cors.AllowedOrigins);
        Assert.Equal(["GET", "DELETE"], config.Cors.AllowedMethods);
        Assert.Equal(["X-One"], config.Cors.AllowedHeaders);
        Assert.Equal(["X-Two"], config.Cors.ExposedHeaders);
        Assert.False(config.Cors.AllowCredentials);
        Assert.Equal("5m", config.Cors.MaxAge);
        Assert.Equal(config, Portico.Tests.TestSupport.ConfigText.Read("""
            portico:
              cors:
                allowed-origins: [https://a.example, https://b.example]
                allowed-methods: GET,DELETE
                allowed-headers: X-One
                exposed-headers: X-Two
                allow-credentials: false
                max-age: 5m
            """));
    }

    private static CorsPolicy Compile(CorsConfig config)
    {
        var errors = new List<ConfigError>();
        var policy = CorsPolicy.Compile(config, null, "cors", errors);
        Assert.Empty(errors);
        return policy!;
    }

    private static List<ConfigError> Errors(CorsConfig config)
    {
        var errors = new List<ConfigError>();
        CorsPolicy.Compile(config, null, "cors", errors);
        return errors;
    }
}
