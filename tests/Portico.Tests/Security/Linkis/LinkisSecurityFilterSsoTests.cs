using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Portico.Filters;
using Portico.Linkis;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Users;
using static Portico.Tests.Security.Linkis.LinkisSecurityTestHost;

namespace Portico.Tests.Security.Linkis;

/// <summary>The single-sign-on branch of the Linkis security filter (§4.1 step 5, §4.8).</summary>
public sealed class LinkisSecurityFilterSsoTests
{
    private const string JobHistory = "/api/rest_j/v1/jobhistory/list";
    private const string SsoOn = "user-endpoints:\n  sso-enabled: true\naccess:\n  pass-auth-prefixes: [/dws/]";

    private static string Body(GatewayExchange exchange) => Security.SecurityTestHost.Body(exchange);

    [Fact]
    public async Task NoSession_SsoKnowsTheUser_ForwardedWithAFreshTicketForThatUser()
    {
        var sso = new FakeSso { User = "alice" };
        using var host = Create(SsoOn, sso: sso);
        var exchange = host.Exchange(JobHistory);

        Assert.True(await host.RunAsync(exchange));

        var identity = exchange.HttpContext.GetLinkisIdentity()!;
        Assert.Equal("alice", identity.UserName);
        Assert.Equal(LinkisAuthenticationMethod.SingleSignOn, identity.Method);
        var cookie = exchange.Request.Headers.Cookie.ToString();
        Assert.Contains("linkis_user_session_ticket_id_v1=" + identity.Ticket, cookie, StringComparison.Ordinal);
        Assert.Equal("alice", host.Cipher.Read(identity.Ticket!).UserName);

        // The client never holds this ticket, so the gateway keeps no session for it: one per request would pile up.
        Assert.Null(host.Sessions.Resolve(identity.Ticket, null).UserName);

        // Linkis adds the SSO user's ticket to the forwarded request only, never to the client's cookies.
        Assert.False(exchange.Response.Headers.ContainsKey("Set-Cookie"));
        Assert.Equal(1, sso.Calls);
    }

    [Fact]
    public async Task NoSession_SsoHasNoUser_401NamesTheLoginPage()
    {
        var sso = new FakeSso();
        using var host = Create(SsoOn, sso: sso);
        var exchange = host.Exchange(JobHistory + "?page=2");

        Assert.False(await host.RunAsync(exchange));

        Assert.Equal(StatusCodes.Status401Unauthorized, exchange.Response.StatusCode);
        using var body = JsonDocument.Parse(Body(exchange));
        var root = body.RootElement;
        Assert.Equal(-1, root.GetProperty("status").GetInt32());
        Assert.Equal("You are not logged in, please login first(您尚未登录，请先登录)!", root.GetProperty("message").GetString());
        Assert.True(root.GetProperty("data").GetProperty("enableSSO").GetBoolean());
        var loginPage = root.GetProperty("data").GetProperty("SSOURL").GetString();
        Assert.Equal(FakeSso.LoginPage + Uri.EscapeDataString("http://gateway.test" + JobHistory + "?page=2"), loginPage);
    }

    [Fact]
    public async Task PassAuthPath_SsoOn_NoUser_RedirectsToTheLoginPage()
    {
        using var host = Create(SsoOn, sso: new FakeSso());
        var exchange = host.Exchange("/dws/report", role: LinkisRoutes.Dws);

        Assert.False(await host.RunAsync(exchange));

        Assert.Equal(StatusCodes.Status307TemporaryRedirect, exchange.Response.StatusCode);
        Assert.Equal(FakeSso.LoginPage + Uri.EscapeDataString("http://gateway.test/dws/report"), exchange.Response.Headers.Location.ToString());
        Assert.Equal(string.Empty, Body(exchange));
    }

    [Fact]
    public async Task PassAuthPath_SsoOn_KnownUser_ContinuesAsThatUser()
    {
        using var host = Create(SsoOn, sso: new FakeSso { User = "bob" });
        var exchange = host.Exchange("/dws/report", role: LinkisRoutes.Dws);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("bob", exchange.HttpContext.GetLinkisIdentity()!.UserName);
    }

    [Fact]
    public async Task LiveSession_SsoIsNotAsked()
    {
        var sso = new FakeSso { User = "someone-else" };
        using var host = Create(SsoOn, sso: sso);
        var ticket = await host.LoginAsync("carol");
        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("carol", exchange.HttpContext.GetLinkisIdentity()!.UserName);
        Assert.Equal(0, sso.Calls);
    }

    [Fact]
    public async Task SsoSwitchedOff_InterceptorIgnored_PassAuthAnonymous()
    {
        var sso = new FakeSso { User = "alice" };
        using var host = Create("access:\n  pass-auth-prefixes: [/dws/]", sso: sso);

        var passAuth = host.Exchange("/dws/report", role: LinkisRoutes.Dws);
        Assert.True(await host.RunAsync(passAuth));
        Assert.Same(LinkisIdentity.Anonymous, passAuth.HttpContext.GetLinkisIdentity());

        var protectedPath = host.Exchange(JobHistory);
        Assert.False(await host.RunAsync(protectedPath));
        Assert.Equal(401, protectedPath.Response.StatusCode);
        Assert.Equal(0, sso.Calls);
    }

    [Fact]
    public async Task SsoThrows_500InTheFrameworkShape_NothingLeaked()
    {
        using var host = Create(SsoOn, sso: new FakeSso { Throw = true });
        var exchange = host.Exchange(JobHistory);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(500, exchange.Response.StatusCode);
        Assert.DoesNotContain("sso backend down", Body(exchange), StringComparison.Ordinal);
    }

    private sealed class FakeSso : ILinkisSsoInterceptor
    {
        public const string LoginPage = "https://sso.example.test/login?service=";

        public string? User { get; init; }

        public bool Throw { get; init; }

        public int Calls { get; private set; }

        public ValueTask<string?> GetUserAsync(HttpContext context, CancellationToken cancellationToken)
        {
            Calls++;
            return Throw ? throw new InvalidOperationException("sso backend down") : ValueTask.FromResult(User);
        }

        public string RedirectTo(Uri requestUrl) => LoginPage + Uri.EscapeDataString(requestUrl.ToString());

        public ValueTask LogoutAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
