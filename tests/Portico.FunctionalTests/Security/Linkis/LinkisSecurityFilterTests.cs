using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Linkis.Tickets;
using static Portico.FunctionalTests.Security.Linkis.LinkisSecurityGateway;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>One gateway for the tests of <see cref="LinkisSecurityFilterTests"/>.</summary>
public sealed class LinkisSecurityFixture : IAsyncLifetime
{
    internal LinkisSecurityGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await LinkisSecurityGateway.StartAsync("""
        admin-user: hadoop
        access:
          pass-auth-prefixes: [/dws/, /api/rest_j/v1/jobhistory/public/]
        """);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>
/// The Linkis security filter through a real gateway and a real echo backend: Linkis's answers byte for byte, what the
/// backend receives (§1.5), bad tickets and tokens, and that the gateway goes on serving after each bad request.
/// </summary>
public sealed class LinkisSecurityFilterTests(LinkisSecurityFixture fixture) : IClassFixture<LinkisSecurityFixture>
{
    private const string NotLoggedInJson =
        "{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"You are not logged in, please login first(您尚未登录，请先登录)!\",\"data\":{}}";

    private LinkisSecurityGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task NotLoggedIn_Answers401WithLinkisJson()
    {
        using var response = await Gateway.GetAsync(JobHistory + "?pageSize=10");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(NotLoggedInJson, await response.Content.ReadAsStringAsync());
        await Gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task LoggedIn_BackendReceivesTheTicketAndTheInnerRequestCookie()
    {
        var ticket = await Gateway.LoginAsync("alice");

        using var response = await Gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(ticket)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Equal(TicketCookie(ticket) + ";dataworkcloud_inner_request=true", echo.Header("Cookie"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("truncated")]
    [InlineData("re-encrypted")]
    [InlineData("other-key")]
    [InlineData("replayed-after-logout")]
    [InlineData("oversized")]
    public async Task TicketWithoutLiveSession_Answers401AndTheGatewayGoesOn(string kind)
    {
        var valid = await Gateway.LoginAsync("mallory");
        var cipher = Gateway.Gateway.Services.GetRequiredService<ILinkisTicketCipher>();
        var ticket = kind switch
        {
            "forged" => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(60)),
            "truncated" => valid[..(valid.Length / 2)],
            "re-encrypted" => cipher.Issue("mallory", DateTimeOffset.UtcNow),
            "other-key" => new LinkisTicketCipher("some-other-crypt-key-9876543210", "bfs_").Issue("mallory", DateTimeOffset.UtcNow),
            "oversized" => new string('A', 6000),
            _ => valid,
        };
        if (kind == "replayed-after-logout")
        {
            using var before = await Gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(valid)));
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.True(await Gateway.Sessions.RevokeAsync(valid, default));
        }

        using var response = await Gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(ticket)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(NotLoggedInJson, await response.Content.ReadAsStringAsync());
        await Gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task Token_Valid_TicketAddedToTheForwardedRequestOnly()
    {
        using var response = await Gateway.GetAsync(JobHistory, ("token-code", TestTokenAuthenticator.GoodToken), ("token-user", "bob"), ("Cookie", "theme=dark"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var cookie = (await EchoResponse.ReadAsync(response)).Header("Cookie")!;
        Assert.StartsWith("theme=dark;linkis_user_session_ticket_id_v1=", cookie, StringComparison.Ordinal);
        Assert.EndsWith(";dataworkcloud_inner_request=true", cookie, StringComparison.Ordinal);
        var ticket = cookie["theme=dark;linkis_user_session_ticket_id_v1=".Length..^";dataworkcloud_inner_request=true".Length];
        var cipher = Gateway.Gateway.Services.GetRequiredService<ILinkisTicketCipher>();
        Assert.Equal("bob", cipher.Read(ticket).UserName);
    }

    [Fact]
    public async Task Token_Invalid_Answers401WithTheTokenMasked()
    {
        using var response = await Gateway.GetAsync(JobHistory, ("Token-Code", "TOPSECRET-TOKEN-VALUE"), ("Token-User", "bob"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"Token Authentication Failed, token: TOPS***，tokenUser: bob, reason: Token:TOPS*** does not exist in the table(Token:TOPS*** 表中不存在)!\",\"data\":{}}",
            body);
        Assert.DoesNotContain("TOPSECRET-TOKEN-VALUE", body, StringComparison.Ordinal);
        await Gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task Token_SpoofedForwardedForFromAnUntrustedPeer_IsIgnored()
    {
        Gateway.Tokens.LegalHost = "127.0.0.1";
        try
        {
            using var response = await Gateway.GetAsync(JobHistory, ("Token-Code", TestTokenAuthenticator.GoodToken), ("Token-User", "bob"), ("X-Forwarded-For", "10.9.9.9"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("127.0.0.1", Gateway.Tokens.LastHost);
        }
        finally
        {
            Gateway.Tokens.LegalHost = null;
        }
    }

    [Theory]
    [InlineData("/dws/static/index.html")]
    [InlineData("/api/rest_j/v1/jobhistory/public/list")]
    public async Task PassAuthPrefix_ReachesTheBackendWithoutLogin(string path)
    {
        using var response = await Gateway.GetAsync(path);

        // /dws/ is not proxied in Portico (404 in the framework shape), but security let it through.
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal(path, (await EchoResponse.ReadAsync(response)).Path);
        }
    }

    [Theory]
    [InlineData("/api/rest_j/v1/jobhistory/public/../list")]
    [InlineData("/api/rest_j/v1/jobhistory/public/%2E%2E/list")]
    [InlineData("/dws/../api/rest_j/v1/jobhistory/list")]
    public async Task PassAuthPrefix_ReachedThroughDotSegments_StillNeedsALogin(string target)
    {
        // The raw target starts with an anonymous prefix, but the path the backend would receive does not.
        var (status, body) = await Gateway.RawGetAsync(target);

        Assert.Equal(401, status);
        Assert.Contains("\"status\":-1", body, StringComparison.Ordinal);
        await Gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task NoAuthPattern_WholePath_ReachesTheBackendWithoutLogin()
    {
        using var response = await Gateway.GetAsync("/api/rest_j/v1/jobhistory/visualis/share/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/rest_j/v1/jobhistory/visualis/share/1", (await EchoResponse.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task Preflight_WithoutCredentials_IsAnswered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/rest_j/v1/entrance/submit");
        request.Headers.Add("Origin", "https://console.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("POST, GET, OPTIONS, PUT, HEAD, DELETE", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task NotLoggedIn_CrossOriginAnswerCarriesCorsHeaders()
    {
        using var response = await Gateway.GetAsync(JobHistory, ("Origin", "https://console.example.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task WebSocketHandshake_WithoutLogin_Answers401Json()
    {
        var (status, body) = await Gateway.HandshakeAsync("/ws/api/entrance/connect");

        Assert.Equal(401, status);
        Assert.Equal("{\"method\":\"/ws/api/entrance/connect\",\"status\":-1,\"message\":\"You are not logged in, please login first(您尚未登录，请先登录)!\",\"data\":{}}", body);
        await Gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task UserUri_IsAnsweredByTheUserEndpointsAndNotForwarded()
    {
        using var response = await Gateway.GetAsync("/api/rest_j/v1/user/heartbeat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("user endpoint heartbeat", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BesideTheUserUri_NeedsALogin()
    {
        using var response = await Gateway.GetAsync("/api/rest_j/v1/userXYZ/heartbeat");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OversizedHeaders_AreRefusedAndTheGatewayGoesOn()
    {
        using var response = await Gateway.GetAsync(JobHistory, ("Cookie", "linkis_user_session_ticket_id_v1=" + new string('x', 64 * 1024)));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await Gateway.AssertStillServesAsync();
    }
}
