using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisUserEndpointsConfigValidatorTests
{
    private static readonly LinkisOAuthConfig CompleteOAuth = new()
    {
        Enabled = true,
        AuthenticationUrl = "https://idp.example.com/authorize",
        ExchangeUrl = "https://idp.example.com/token",
        ValidateUrl = "http://idp.internal/user",
        ValidateField = "login",
        ClientId = "linkis",
    };

    private static List<ConfigError> Validate(LinkisUserEndpointsConfig endpoints, bool enabled = true, bool withInterceptor = false)
    {
        var services = new ServiceCollection();
        if (withInterceptor)
        {
            services.AddLinkisSsoInterceptor<NoSso>();
        }

        using var provider = services.BuildServiceProvider();
        var errors = new List<ConfigError>();
        new LinkisUserEndpointsConfigValidator(provider.GetRequiredService<IServiceProviderIsService>())
            .Validate(new PorticoConfig().WithSection(new LinkisSecurityConfig { Enabled = enabled, UserEndpoints = endpoints }), errors);
        return errors;
    }

    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(Validate(new LinkisUserEndpointsConfig()));

    [Fact]
    public void Validate_CompleteOAuth_NoErrors() => Assert.Empty(Validate(new LinkisUserEndpointsConfig { OAuth = CompleteOAuth }));

    [Fact]
    public void Validate_EmptyOAuthWhileEnabled_NamesEveryMissingSetting()
    {
        var errors = Validate(new LinkisUserEndpointsConfig { OAuth = new LinkisOAuthConfig { Enabled = true } });

        Assert.Equal(
            [
                "linkis-security.user-endpoints.oauth.authentication-url",
                "linkis-security.user-endpoints.oauth.exchange-url",
                "linkis-security.user-endpoints.oauth.validate-url",
                "linkis-security.user-endpoints.oauth.client-id",
                "linkis-security.user-endpoints.oauth.validate-field",
            ],
            errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Null(e.RouteId));
    }

    [Theory]
    [InlineData("idp.example.com/token")]
    [InlineData("ftp://idp.example.com/token")]
    [InlineData("/token")]
    public void Validate_ExchangeUrlNotHttp_Error(string url)
    {
        var error = Assert.Single(Validate(new LinkisUserEndpointsConfig { OAuth = CompleteOAuth with { ExchangeUrl = url } }));

        Assert.Equal("linkis-security.user-endpoints.oauth.exchange-url", error.Field);
        Assert.Contains(url, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveTimeout_Error()
    {
        var error = Assert.Single(Validate(new LinkisUserEndpointsConfig { OAuth = CompleteOAuth with { Timeout = TimeSpan.Zero } }));

        Assert.Equal("linkis-security.user-endpoints.oauth.timeout", error.Field);
    }

    [Fact]
    public void Validate_IncompleteOAuthWhileDisabled_NoErrors() =>
        Assert.Empty(Validate(new LinkisUserEndpointsConfig { OAuth = new LinkisOAuthConfig { ExchangeUrl = "nonsense" } }));

    [Fact]
    public void Validate_SecurityOff_NothingChecked() =>
        Assert.Empty(Validate(new LinkisUserEndpointsConfig { SsoEnabled = true, OAuth = new LinkisOAuthConfig { Enabled = true } }, enabled: false));

    [Fact]
    public void Validate_SsoWithoutInterceptor_Error()
    {
        var error = Assert.Single(Validate(new LinkisUserEndpointsConfig { SsoEnabled = true }));

        Assert.Equal("linkis-security.user-endpoints.sso-enabled", error.Field);
        Assert.Contains("AddLinkisSsoInterceptor", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SsoWithInterceptor_NoErrors() => Assert.Empty(Validate(new LinkisUserEndpointsConfig { SsoEnabled = true }, withInterceptor: true));

    private sealed class NoSso : ILinkisSsoInterceptor
    {
        public ValueTask<string?> GetUserAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public string RedirectTo(Uri requestUrl) => "https://sso/login";

        public ValueTask LogoutAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
