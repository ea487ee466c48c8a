using Microsoft.AspNetCore.Http;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Tokens;
using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisUserEndpointsTests : IDisposable
{
    private const string NotLoggedIn = "errCode: 11002 ,desc: You are not logged in, please login first(您尚未登录，请先登录!) ,ip: gw-node ,port: 9001 ,serviceKind: linkis-mg-gateway";
    private readonly UserEndpointsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Logout_LoggedIn_RevokesSessionAndClearsBothCookies()
    {
        var ticket = await _h.LoginAsync();

        var answer = await _h.SendAsync("POST", "logout", "{}", ticket: ticket);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"Logout successful(退出登录成功)！","data":{}}""", answer.Json);
        Assert.Equal(
            ["linkis_user_session_ticket_id_v1=; Max-Age=0; Path=/", "linkis_user_session_proxy_ticket_id_v1=; Max-Age=0; Path=/"],
            answer.SetCookies);
        Assert.False(_h.Sessions.Resolve(ticket, null).IsLoggedIn);
        Assert.Equal(400, (await _h.SendAsync("GET", "userInfo", ticket: ticket)).Status);
    }

    [Theory]
    [InlineData("POST", "")]
    [InlineData("GET", null)]
    [InlineData("DELETE", "")]
    public async Task Logout_NotLoggedIn_Still200(string method, string? body)
    {
        var answer = await _h.SendAsync(method, "logout", body);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"Logout successful(退出登录成功)！","data":{}}""", answer.Json);
        Assert.Equal(2, answer.SetCookies.Length);
    }

    [Fact]
    public async Task Logout_SsoEnabled_EndsSsoSessionAndKeepsItsCookies()
    {
        var sso = new RecordingSso();
        using var h = new UserEndpointsHarness(c => c with { UserEndpoints = c.UserEndpoints with { SsoEnabled = true } }, sso);

        var answer = await h.SendAsync("POST", "logout", "{}");

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, sso.Logouts);
        Assert.Equal(3, answer.SetCookies.Length);
        Assert.Equal("sso_session=; Max-Age=0; Path=/", answer.SetCookies[0]);
    }

    [Fact]
    public async Task Logout_SsoDisabled_InterceptorNotCalled()
    {
        var sso = new RecordingSso();
        using var h = new UserEndpointsHarness(sso: sso);

        await h.SendAsync("POST", "logout", "{}");

        Assert.Equal(0, sso.Logouts);
    }

    [Fact]
    public async Task Logout_SsoInterceptorFails_GatewaySessionStillEnds()
    {
        var sso = new RecordingSso { Fail = true };
        using var h = new UserEndpointsHarness(c => c with { UserEndpoints = c.UserEndpoints with { SsoEnabled = true } }, sso);
        var ticket = await h.LoginAsync();

        var answer = await h.SendAsync("POST", "logout", "{}", ticket: ticket);

        Assert.Equal(200, answer.Status);
        Assert.False(h.Sessions.Resolve(ticket, null).IsLoggedIn);
        Assert.DoesNotContain("sso down", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfo_LoggedIn_200WithUser()
    {
        var ticket = await _h.LoginAsync();

        var answer = await _h.SendAsync("GET", "userInfo", ticket: ticket);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"get user information succeed!","data":{"userName":"alice"}}""", answer.Json);
        Assert.Empty(answer.SetCookies);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Zm9yZ2VkLXRpY2tldA==")]
    [InlineData("not base64 at all")]
    public async Task UserInfo_NotLoggedInOrForgedCookie_400With11002TextAndPath(string? ticket)
    {
        var answer = await _h.SendAsync("GET", "userInfo", ticket: ticket);

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/user/userInfo\",\"status\":1,\"message\":\"" + NotLoggedIn + "\",\"data\":{}}", answer.Json);
    }

    [Fact]
    public async Task UserInfo_TwoTicketCookies_TheFirstCounts()
    {
        var ticket = await _h.LoginAsync();

        var first = await _h.SendAsync("GET", "userInfo", headers: [new("Cookie", $"linkis_user_session_ticket_id_v1={ticket}; linkis_user_session_ticket_id_v1=forged")]);
        var second = await _h.SendAsync("GET", "userInfo", headers: [new("Cookie", $"linkis_user_session_ticket_id_v1=forged; linkis_user_session_ticket_id_v1={ticket}")]);

        Assert.Equal(200, first.Status);
        Assert.Equal(400, second.Status);
    }

    [Fact]
    public async Task UserInfo_ValidTicketNeverLoggedInHere_400()
    {
        // An authentic ticket that is not in the session map (issued elsewhere, or logged out) is not a session.
        var ticket = _h.Cipher.Issue("alice", _h.Time.GetUtcNow());

        var answer = await _h.SendAsync("GET", "userInfo", ticket: ticket);

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task UserInfo_InternalRpcTicketHeader_IsTheRpcIdentity()
    {
        var ticket = _h.Cipher.Issue("dataworkcloud_rpc_user", _h.Time.GetUtcNow());

        var answer = await _h.SendAsync("GET", "userInfo", headers: [new("linkis_user_session_ticket_id_v1", ticket)]);

        Assert.Equal(200, answer.Status);
        Assert.Contains("\"userName\":\"dataworkcloud_rpc_user\"", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfo_ExpiredSession_400()
    {
        var ticket = await _h.LoginAsync();
        _h.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(400, (await _h.SendAsync("GET", "userInfo", ticket: ticket)).Status);
    }

    [Fact]
    public async Task Heartbeat_LoggedIn_200AndSlidesTheSession()
    {
        var ticket = await _h.LoginAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(40));

        var answer = await _h.SendAsync("POST", "heartbeat", "", ticket: ticket);
        _h.Time.Advance(TimeSpan.FromMinutes(40));

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"Maintain heartbeat success(维系心跳成功)","data":{}}""", answer.Json);

        // 80 minutes after login, past the one-hour timeout, the heartbeat at 40 minutes keeps the session alive.
        Assert.Equal(200, (await _h.SendAsync("GET", "userInfo", ticket: ticket)).Status);
    }

    [Fact]
    public async Task Heartbeat_NotLoggedIn_401With11002Text()
    {
        var answer = await _h.SendAsync("GET", "heartbeat");

        Assert.Equal(401, answer.Status);
        Assert.Equal("{\"method\":null,\"status\":-1,\"message\":\"" + NotLoggedIn + "\",\"data\":{}}", answer.Json);
    }

    [Fact]
    public async Task PublicKey_EncryptionOff_200WithSwitchesOnly()
    {
        var answer = await _h.SendAsync("GET", "publicKey");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"Gain success(获取成功)！","data":{"enableSSL":false,"enableLoginEncrypt":false}}""", answer.Json);
    }

    [Fact]
    public async Task PublicKey_EncryptionOn_PublishesOneKeyPerProcess()
    {
        using var h = new UserEndpointsHarness(c => c with { Cookie = c.Cookie with { Secure = true }, UserEndpoints = c.UserEndpoints with { LoginEncrypt = true } });

        var first = await h.SendAsync("GET", "publicKey");
        var second = await h.SendAsync("POST", "publicKey", "");

        var key = h.LoginKey.PublicKey;
        Assert.Equal(
            "{\"method\":null,\"status\":0,\"message\":\"Gain success(获取成功)！\",\"data\":{\"enableSSL\":true,\"publicKey\":\"" + key + "\",\"enableLoginEncrypt\":true,\"debugTime\":"
            + h.Time.GetUtcNow().ToUnixTimeMilliseconds() + "}}",
            first.Json);
        Assert.Equal(first.Json, second.Json);
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key), out _);
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task BaseInfo_200WithConsoleSwitches()
    {
        using var h = new UserEndpointsHarness(c => c with { UserEndpoints = c.UserEndpoints with { ClusterName = "bdp<prod>", EngineLogOnlyAdmin = true } });

        var answer = await h.SendAsync("GET", "baseinfo");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"get baseinfo success(获取成功)！","data":{"resultSetExportEnable":true,"engineLogOnlyAdminEnable":true,"linkisClusterName":"bdp\u003cprod\u003e"}}""", answer.Json);
    }

    [Fact]
    public async Task Register_400AskingForOwnImplementation()
    {
        var answer = await _h.SendAsync("POST", "register", """{"userName":"x"}""");

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"method":null,"status":1,"message":"请自行实现注册方法！","data":{}}""", answer.Json);
    }

    [Theory]
    [InlineData("sso-login")]
    [InlineData("sso-loginCallback")]
    [InlineData("sso-login/anything/below")]
    public async Task SsoLoginPrefix_200Succeed(string name)
    {
        var answer = await _h.SendAsync("GET", name);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"succeed","data":{}}""", answer.Json);
    }

    [Theory]
    [InlineData("Login", "Login")]
    [InlineData("login/", "login/")]
    [InlineData("userinfo", "userinfo")]
    [InlineData("", "")]
    [InlineData("x<script>", "x\\u003cscript\\u003e")]
    [InlineData("..%2F..%2Fetc", "..%2F..%2Fetc")]
    public async Task UnknownName_400UnknownRequestUri(string name, string escaped)
    {
        var answer = await _h.SendAsync("GET", name);

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"unknown request URI " + escaped + "\",\"data\":{}}", answer.Json);
    }

    [Fact]
    public async Task Head_StatusAndHeadersWithoutBody()
    {
        var answer = await _h.SendAsync("HEAD", "baseinfo", "");

        Assert.Equal(200, answer.Status);
        Assert.Equal("", answer.Json);
        Assert.True(answer.Headers.ContentLength > 0);
    }

    [Fact]
    public async Task UnexpectedFailure_400WithPathAndNoDetail()
    {
        using var h = new UserEndpointsHarness(tokens: new ThrowingTokens());

        var answer = await h.SendAsync("POST", "token-login", "{}", [new("Token-Code", "t"), new("Token-User", "alice")]);

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"method":"/api/rest_j/v1/user/token-login","status":1,"message":"login failed! reason: the gateway could not complete the request; the failure has been logged.","data":{}}""", answer.Json);
    }

    [Fact]
    public async Task OAuthRedirect_Disabled_401()
    {
        var answer = await _h.SendAsync("GET", "oauth-redirect");

        Assert.Equal(401, answer.Status);
        Assert.Equal("""{"method":null,"status":-1,"message":"Gateway 未启用 OAuth 认证，请采用其他认证方式!","data":{}}""", answer.Json);
    }

    [Fact]
    public async Task OAuthRedirect_Enabled_200WithEncodedAuthorizeUrl()
    {
        using var h = new UserEndpointsHarness(c => c with
        {
            UserEndpoints = c.UserEndpoints with { OAuth = new LinkisOAuthConfig { Enabled = true, AuthenticationUrl = "https://idp.example.com/authorize", ClientId = "linkis client&1", Scope = "read:user user:email" } },
        });

        var answer = await h.SendAsync("GET", "oauth-redirect");

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            """{"method":null,"status":0,"message":"创建链接成功！","data":{"redirectUrl":"https://idp.example.com/authorize?client_id\u003dlinkis%20client%261\u0026response_type\u003dcode\u0026scope\u003dread%3Auser%20user%3Aemail"}}""",
            answer.Json);
    }

    [Fact]
    public async Task OAuthLogin_Disabled_401()
    {
        var answer = await _h.SendAsync("GET", "oauth-login?code=abc");

        Assert.Equal(401, answer.Status);
        Assert.Equal("""{"method":null,"status":-1,"message":"Gateway 未启用 OAuth 认证，请采用其他认证方式!","data":{}}""", answer.Json);
    }

    [Theory]
    [InlineData("oauth-login")]
    [InlineData("oauth-login?code=")]
    [InlineData("oauth-login?code=%20")]
    public async Task OAuthLogin_NoCode_401(string request)
    {
        using var h = new UserEndpointsHarness(c => c with
        {
            UserEndpoints = c.UserEndpoints with { OAuth = new LinkisOAuthConfig { Enabled = true, AuthenticationUrl = "https://idp.example.com/a", ExchangeUrl = "http://127.0.0.1:1/token", ValidateUrl = "http://127.0.0.1:1/user", ClientId = "c", ValidateField = "login" } },
        });

        var answer = await h.SendAsync("GET", request);

        Assert.Equal(401, answer.Status);
        Assert.Equal("""{"method":null,"status":-1,"message":"请在回调查询参数中返回code，以便完成OAuth认证！","data":{}}""", answer.Json);
    }

    [Fact]
    public async Task OAuthLogin_AlreadyLoggedIn_AnswersLikeLogin()
    {
        var ticket = await _h.LoginAsync();

        var answer = await _h.SendAsync("GET", "oauth-login?code=abc", ticket: ticket);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"alice already logged in, please log out before signing in(已经登录，请先退出再进行登录)！","data":{"userName":"alice"}}""", answer.Json);
    }

    [Fact]
    public async Task NotLoggedInText_WithoutConfiguredInstance_NamesTheLocalNode()
    {
        var exchange = TestSupport.TestExchange.Create("GET", "/api/rest_j/v1/user/userInfo", host: "gw.example.com:9001");
        var context = new Portico.Linkis.LinkisRequestContext(exchange, new Portico.Linkis.LinkisSettings(new Portico.Linkis.LinkisConfig { Enabled = true, GatewayApplication = "my-gateway" }));

        Assert.Equal(
            "errCode: 11002 ,desc: You are not logged in, please login first(您尚未登录，请先登录!) ,ip: gw.example.com ,port: 9001 ,serviceKind: my-gateway",
            LinkisUserEndpoints.NotLoggedInText(context));
    }

    private sealed class RecordingSso : ILinkisSsoInterceptor
    {
        public int Logouts { get; private set; }

        public bool Fail { get; init; }

        public ValueTask<string?> GetUserAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public string RedirectTo(Uri requestUrl) => "https://sso.example.com/login?from=" + Uri.EscapeDataString(requestUrl.AbsoluteUri);

        public ValueTask LogoutAsync(HttpContext context, CancellationToken cancellationToken)
        {
            Logouts++;
            if (Fail)
            {
                throw new InvalidOperationException("sso down");
            }

            context.Response.Headers.Append("Set-Cookie", "sso_session=; Max-Age=0; Path=/");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingTokens : ILinkisTokenAuthenticator
    {
        public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("token database password=hunter2 unreachable");
    }
}
