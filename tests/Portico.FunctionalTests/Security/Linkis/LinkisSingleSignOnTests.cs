using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Linkis.Tickets;
using Portico.Security.Linkis.Users;
using static Portico.FunctionalTests.Security.Linkis.LinkisSecurityGateway;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>Single sign-on through a registered interceptor (§4.1 step 5, §4.8), black-box through a real gateway.</summary>
public sealed class LinkisSingleSignOnTests
{
    private const string SsoOn = "access:\n  pass-auth-prefixes: [/api/rest_j/v1/dss/]\nuser-endpoints:\n  sso-enabled: true";

    [Fact]
    public async Task SsoUser_ForwardedWithATicketForThatUser_ClientGetsNoCookie()
    {
        await using var gateway = await StartAsync(SsoOn, configure: s => s.AddLinkisSsoInterceptor<HeaderSso>());

        using var response = await gateway.GetAsync(JobHistory, (HeaderSso.UserHeader, "carol"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var cookie = (await EchoResponse.ReadAsync(response)).Header("Cookie")!;
        const string prefix = "linkis_user_session_ticket_id_v1=";
        Assert.StartsWith(prefix, cookie, StringComparison.Ordinal);
        var ticket = cookie[prefix.Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        Assert.Equal("carol", gateway.Gateway.Services.GetRequiredService<ILinkisTicketCipher>().Read(ticket).UserName);
    }

    [Fact]
    public async Task NoSsoUser_ProtectedPath_401NamingTheLoginPage()
    {
        await using var gateway = await StartAsync(SsoOn, configure: s => s.AddLinkisSsoInterceptor<HeaderSso>());

        using var response = await gateway.GetAsync(JobHistory + "?page=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(-1, json.RootElement.GetProperty("status").GetInt32());
        Assert.True(data.GetProperty("enableSSO").GetBoolean());
        Assert.Equal(HeaderSso.LoginPage + Uri.EscapeDataString(gateway.Client.BaseAddress + JobHistory.TrimStart('/') + "?page=1"), data.GetProperty("SSOURL").GetString());
        await gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task NoSsoUser_PassAuthPath_RedirectedToTheLoginPage()
    {
        await using var gateway = await StartAsync(SsoOn, configure: s => s.AddLinkisSsoInterceptor<HeaderSso>());

        using var response = await gateway.GetAsync("/api/rest_j/v1/dss/workspace");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.StartsWith(HeaderSso.LoginPage, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SsoOff_PassAuthPathStaysAnonymous()
    {
        await using var gateway = await StartAsync("access:\n  pass-auth-prefixes: [/api/rest_j/v1/dss/]", configure: s => s.AddLinkisSsoInterceptor<HeaderSso>());

        using var response = await gateway.GetAsync("/api/rest_j/v1/dss/workspace");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await EchoResponse.ReadAsync(response)).Header("Cookie")?.Split(';').FirstOrDefault(c => c.StartsWith("linkis_user_session_ticket_id_v1=", StringComparison.Ordinal)));
    }

    /// <summary>An SSO system that trusts a header: enough to drive the gateway's flow from a test.</summary>
    private sealed class HeaderSso : ILinkisSsoInterceptor
    {
        public const string UserHeader = "X-Test-Sso-User";
        public const string LoginPage = "https://sso.example.test/login?service=";

        public ValueTask<string?> GetUserAsync(HttpContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(context.Request.Headers[UserHeader].FirstOrDefault());

        public string RedirectTo(Uri requestUrl) => LoginPage + Uri.EscapeDataString(requestUrl.ToString());

        public ValueTask LogoutAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
