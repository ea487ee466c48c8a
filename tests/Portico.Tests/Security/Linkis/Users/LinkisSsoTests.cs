using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisSsoTests
{
    private static (LinkisSso Sso, TestSecuritySettings Settings, ServiceProvider Provider) Create(bool register, bool enabled)
    {
        var services = new ServiceCollection();
        if (register)
        {
            services.AddLinkisSsoInterceptor<FirstSso>();
        }

        var provider = services.BuildServiceProvider();
        var settings = new TestSecuritySettings(new LinkisSecurityConfig { UserEndpoints = new LinkisUserEndpointsConfig { SsoEnabled = enabled } });
        return (new LinkisSso(provider.GetServices<ILinkisSsoInterceptor>(), settings), settings, provider);
    }

    [Fact]
    public void Interceptor_EnabledAndRegistered_IsTheRegisteredOne()
    {
        var (sso, _, provider) = Create(register: true, enabled: true);
        using var _p = provider;

        Assert.IsType<FirstSso>(sso.Interceptor);
        Assert.Same(provider.GetRequiredService<ILinkisSsoInterceptor>(), sso.Interceptor);
    }

    [Fact]
    public void Interceptor_Disabled_IsNullAndFollowsReloads()
    {
        var (sso, settings, provider) = Create(register: true, enabled: false);
        using var _p = provider;

        Assert.Null(sso.Interceptor);
        settings.Current = settings.Current with { UserEndpoints = new LinkisUserEndpointsConfig { SsoEnabled = true } };
        Assert.NotNull(sso.Interceptor);
    }

    [Fact]
    public void Interceptor_EnabledButNoneRegistered_IsNull()
    {
        var (sso, _, provider) = Create(register: false, enabled: true);
        using var _p = provider;

        Assert.Null(sso.Interceptor);
    }

    [Fact]
    public void AddLinkisSsoInterceptor_ReplacesAnEarlierRegistration()
    {
        var services = new ServiceCollection();
        services.AddLinkisSsoInterceptor<FirstSso>();
        services.AddLinkisSsoInterceptor<SecondSso>();

        using var provider = services.BuildServiceProvider();

        Assert.IsType<SecondSso>(Assert.Single(provider.GetServices<ILinkisSsoInterceptor>()));
    }

    private class FirstSso : ILinkisSsoInterceptor
    {
        public ValueTask<string?> GetUserAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult<string?>("sso-user");

        public string RedirectTo(Uri requestUrl) => "https://sso/login";

        public ValueTask LogoutAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class SecondSso : FirstSso;
}
