using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portico.Configuration;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Security.Linkis.Users.UserEndpointsGateway;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>The user endpoints over a real Linkis-mode gateway: settings from YAML, bodies read by the Linkis body filter.</summary>
public sealed class UserEndpointsFunctionalTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await StartAsync("login-encrypt: false");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<string> LoginAsync()
    {
        var (status, _, response) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", """{"userName":"hadoop","password":"admin-pw"}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        return Ticket(response)!;
    }

    [Fact]
    public async Task Login_UserInfo_Heartbeat_Logout_RoundTrip()
    {
        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", """{"userName":"hadoop","password":"admin-pw"}"""));
        var ticket = Ticket(response)!;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"enableWatermark":true,"isAdmin":true,"sessionTimeOut":1800000,"userName":"hadoop"}}""", json);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("linkis_user_session_ticket_id_v1=" + ticket + "; Path=/", response.Headers.GetValues("Set-Cookie"));
        Assert.Contains('=', ticket);

        var info = await SendAsync(_gateway, Request(HttpMethod.Get, "userInfo", ticket: ticket));
        Assert.Equal(HttpStatusCode.OK, info.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"get user information succeed!","data":{"userName":"hadoop"}}""", info.Json);

        var heartbeat = await SendAsync(_gateway, Request(HttpMethod.Post, "heartbeat", ticket: ticket));
        Assert.Equal(HttpStatusCode.OK, heartbeat.Status);

        var logout = await SendAsync(_gateway, Request(HttpMethod.Post, "logout", ticket: ticket));
        Assert.Equal(HttpStatusCode.OK, logout.Status);
        Assert.Equal(
            ["linkis_user_session_ticket_id_v1=; Max-Age=0; Path=/", "linkis_user_session_proxy_ticket_id_v1=; Max-Age=0; Path=/"],
            logout.Response.Headers.GetValues("Set-Cookie"));

        var replay = await SendAsync(_gateway, Request(HttpMethod.Get, "userInfo", ticket: ticket));
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal(
            """{"method":"/api/rest_j/v1/user/userInfo","status":1,"message":"errCode: 11002 ,desc: You are not logged in, please login first(您尚未登录，请先登录!) ,ip: gw-node ,port: 9001 ,serviceKind: linkis-mg-gateway","data":{}}""",
            replay.Json);
    }

    [Fact]
    public async Task Logout_EmptyPostBody_IsProcessed()
    {
        var ticket = await LoginAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, UserUri + "logout") { Content = new ByteArrayContent([]) };
        request.Headers.Add("Cookie", "linkis_user_session_ticket_id_v1=" + ticket);

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Logout successful", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(_gateway, Request(HttpMethod.Get, "userInfo", ticket: ticket))).Status);
    }

    [Theory]
    [InlineData("{\"userName\":", "login failed! reason: The request body is not valid JSON (line 1, position 13).")]
    [InlineData("""{"userName":["hadoop"],"password":"admin-pw"}""", "login failed! reason: userName must be a JSON string, not a array.")]
    [InlineData("""{"userName":"hadoop","password":12345}""", "login failed! reason: password must be a JSON string, not a number.")]
    public async Task Login_MalformedBody_400WithPreciseReason(string body, string message)
    {
        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/user/login\",\"status\":1,\"message\":\"" + message + "\",\"data\":{}}", json);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_BodyOverTheLoginLimit_400AndGatewayKeepsServing()
    {
        var body = "{\"userName\":\"hadoop\",\"password\":\"" + new string('p', 100_000) + "\"}";

        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/user/login\",\"status\":1,\"message\":\"login failed! reason: the login request body has " + Encoding.UTF8.GetByteCount(body) + " bytes, more than the 65536 allowed.\",\"data\":{}}", json);
        Assert.NotNull(await LoginAsync());
    }

    [Fact]
    public async Task Login_BodyOverTheInspectionLimit_413FrameworkError()
    {
        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", new string('x', 2 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("""{"method":"/api/rest_j/v1/user/login","status":413,"message":"Payload Too Large","data":[]}""", json);
    }

    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("hadoop' --")]
    [InlineData("1; DROP TABLE users")]
    public async Task Login_SqlLookingUserName_400WrongCredentialsNotEchoed(string user)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["userName"] = user, ["password"] = "admin-pw" });

        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"method":null,"status":1,"message":"wrong user name or password(用户名或密码错误)！","data":{"enableWatermark":true,"sessionTimeOut":1800000}}""", json);
    }

    [Fact]
    public async Task Login_RepeatedWrongPasswords_429WithRetryAfter()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(_gateway, Request(HttpMethod.Post, "login", """{"userName":"victim","password":"guess"}"""))).Status);
        }

        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Post, "login", """{"userName":"victim","password":"guess"}"""));

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Assert.Contains("Too many failed logins", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQ=")]
    [InlineData("not-a-ticket")]
    public async Task UserInfo_MissingOrForgedCookie_400(string? ticket)
    {
        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "userInfo", ticket: ticket));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("errCode: 11002", json, StringComparison.Ordinal);
        Assert.DoesNotContain(ticket ?? "\u0000", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Login")]
    [InlineData("login/extra")]
    [InlineData("admin")]
    public async Task UnknownEndpoint_400(string name)
    {
        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, name));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"unknown request URI " + name + "\",\"data\":{}}", json);
    }

    [Fact]
    public async Task TokenLogin_Post_SetsTicketCookieUsableForUserInfo()
    {
        using var request = Request(HttpMethod.Post, "token-login");
        request.Headers.Add("Token-Code", "functional-token");
        request.Headers.Add("Token-User", "alice");

        var (status, json, response) = await SendAsync(_gateway, request);
        var info = await SendAsync(_gateway, Request(HttpMethod.Get, "userInfo", ticket: Ticket(response)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"isAdmin":false,"userName":"alice"}}""", json);
        Assert.Contains("\"userName\":\"alice\"", info.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenLogin_RealTokenStore_TokenCreatedThroughTheApiLogsIn()
    {
        await using var gateway = await StartAsync(realTokens: true);
        using var created = await gateway.Client.PostAsync(
            "/portico/tokens",
            new StringContent("""{"name":"etl","token":"etl-token-0123456789abcdef","legalUsers":"etl","legalHosts":"*","elapseDay":-1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var good = Request(HttpMethod.Post, "token-login");
        good.Headers.Add("Token-Code", "etl-token-0123456789abcdef");
        good.Headers.Add("Token-User", "etl");
        var (status, json, response) = await SendAsync(gateway, good);
        using var wrongUser = Request(HttpMethod.Post, "token-login");
        wrongUser.Headers.Add("Token-Code", "etl-token-0123456789abcdef");
        wrongUser.Headers.Add("Token-User", "root");
        var refused = await SendAsync(gateway, wrongUser);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"isAdmin":false,"userName":"etl"}}""", json);
        Assert.Contains("\"userName\":\"etl\"", (await SendAsync(gateway, Request(HttpMethod.Get, "userInfo", ticket: Ticket(response)))).Json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("Illegal TokenUser for Token(Token非法用户: root)!", refused.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", refused.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenLogin_BadToken_401WithMaskedToken()
    {
        using var request = Request(HttpMethod.Post, "token-login", "{}");
        request.Headers.Add("Token-Code", "very-secret-token-value");
        request.Headers.Add("Token-User", "alice");

        var (status, json, response) = await SendAsync(_gateway, request);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":"/api/rest_j/v1/user/token-login","status":-1,"message":"Token Authentication Failed, token: very***，tokenUser: alice, reason: unknown token","data":{}}""", json);
        Assert.DoesNotContain("secret", json, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TokenLogin_Get_400()
    {
        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "token-login"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"method":null,"status":1,"message":"Only support method POST","data":{}}""", json);
    }

    [Fact]
    public async Task BaseInfo_PublicKey_Register_SsoLogin()
    {
        var baseinfo = await SendAsync(_gateway, Request(HttpMethod.Get, "baseinfo"));
        var publicKey = await SendAsync(_gateway, Request(HttpMethod.Get, "publicKey"));
        var register = await SendAsync(_gateway, Request(HttpMethod.Post, "register", "{}"));
        var sso = await SendAsync(_gateway, Request(HttpMethod.Get, "sso-login?ticket=x"));

        Assert.Equal("""{"method":null,"status":0,"message":"get baseinfo success(获取成功)！","data":{"resultSetExportEnable":true,"engineLogOnlyAdminEnable":false,"linkisClusterName":"functional"}}""", baseinfo.Json);
        Assert.Equal("""{"method":null,"status":0,"message":"Gain success(获取成功)！","data":{"enableSSL":false,"enableLoginEncrypt":false}}""", publicKey.Json);
        Assert.Equal(HttpStatusCode.BadRequest, register.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"succeed","data":{}}""", sso.Json);
    }

    [Fact]
    public async Task Paths_MerelyStartingWithTheUserUri_AreNotUserEndpoints()
    {
        // D12: /api/rest_j/v1/userInfo is not below the user URI: it needs a session like any other path.
        var (status, json, _) = await SendAsync(_gateway, new HttpRequestMessage(HttpMethod.Get, "/api/rest_j/v1/userInfo"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":"/api/rest_j/v1/userInfo","status":-1,"message":"You are not logged in, please login first(您尚未登录，请先登录)!","data":{}}""", json);
    }

    [Fact]
    public async Task EncryptedLogin_KeyFromPublicKey_LogsIn()
    {
        await using var gateway = await StartAsync("login-encrypt: true");
        var key = await SendAsync(gateway, Request(HttpMethod.Get, "publicKey"));
        var data = JsonDocument.Parse(key.Json).RootElement.GetProperty("data");
        Assert.True(data.GetProperty("enableLoginEncrypt").GetBoolean());
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(data.GetProperty("publicKey").GetString()!), out _);
        var encrypted = Convert.ToBase64String(rsa.Encrypt(Encoding.UTF8.GetBytes("admin-pw"), RSAEncryptionPadding.Pkcs1));

        var good = await SendAsync(gateway, Request(HttpMethod.Post, "login", $$"""{"userName":"hadoop","passwdEncrypt":"{{encrypted}}"}"""));
        var plain = await SendAsync(gateway, Request(HttpMethod.Post, "login", """{"userName":"hadoop","password":"admin-pw"}"""));

        Assert.Equal(HttpStatusCode.OK, good.Status);
        Assert.NotNull(Ticket(good.Response));
        Assert.Equal(HttpStatusCode.BadRequest, plain.Status);
        Assert.Contains("RSA encryption with the key from /api/rest_j/v1/user/publicKey", plain.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SsoEnabledWithoutInterceptor_GatewayRefusesToStart()
    {
        var ex = await Assert.ThrowsAsync<PorticoConfigException>(() => StartAsync("sso-enabled: true"));

        Assert.Contains("linkis-security.user-endpoints.sso-enabled", ex.Message, StringComparison.Ordinal);
    }
}
