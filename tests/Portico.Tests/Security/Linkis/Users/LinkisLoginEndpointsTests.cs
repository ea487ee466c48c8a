using System.Security.Cryptography;
using System.Text;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisLoginEndpointsTests : IDisposable
{
    private const string SessionData = "\"enableWatermark\":true,\"sessionTimeOut\":3600000";
    private readonly UserEndpointsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Login_AdminInJsonBody_200WithLinkisDataAndRawTicketCookie()
    {
        var answer = await _h.SendAsync("POST", "login", """{"userName":"hadoop","password":"admin-pw"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"enableWatermark":true,"isAdmin":true,"sessionTimeOut":3600000,"userName":"hadoop"}}""", answer.Json);
        Assert.Equal("application/json;charset=UTF-8", answer.Headers.ContentType);
        Assert.Equal("no-store", answer.Headers.CacheControl);
        Assert.Equal(2, answer.SetCookies.Length);
        Assert.Equal("linkis_user_session_ticket_id_v1=" + answer.Ticket + "; Path=/", answer.SetCookies[0]);
        Assert.Equal("linkis_user_session_proxy_ticket_id_v1=; Max-Age=0; Path=/", answer.SetCookies[1]);
        Assert.Equal("hadoop", _h.Cipher.Read(answer.Ticket!).UserName);
        Assert.Equal("hadoop", _h.Sessions.Resolve(answer.Ticket, null).UserName);
    }

    [Fact]
    public async Task Login_CookieSettings_ShapeTheTicketAndClearingCookies()
    {
        using var h = new UserEndpointsHarness(c => c with
        {
            Cookie = c.Cookie with { Secure = true, HttpOnly = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, DomainSetup = true, DomainLevel = 2 },
        });

        var login = await h.SendAsync("POST", "login", """{"userName":"alice","password":"alice-pw"}""");
        var logout = await h.SendAsync("POST", "logout", "", ticket: login.Ticket);

        Assert.Equal("linkis_user_session_ticket_id_v1=" + login.Ticket + "; Path=/; Domain=.example.com; Secure; HttpOnly; SameSite=Lax", login.SetCookies[0]);
        Assert.Equal("linkis_user_session_ticket_id_v1=; Max-Age=0; Path=/; Domain=.example.com; Secure; HttpOnly; SameSite=Lax", logout.SetCookies[0]);
    }

    [Fact]
    public async Task Login_QueryParameters_SucceedWithoutBody()
    {
        var answer = await _h.SendAsync("GET", "login?userName=alice&password=alice-pw");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"enableWatermark":true,"isAdmin":false,"sessionTimeOut":3600000,"userName":"alice"}}""", answer.Json);
        Assert.NotNull(answer.Ticket);
    }

    [Fact]
    public async Task Login_QueryBlankPassword_TakesPasswdEncrypt()
    {
        var answer = await _h.SendAsync("POST", "login?userName=alice&password=&passwdEncrypt=alice-pw");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Login_QueryWithoutPassword_ReadsTheBody()
    {
        var answer = await _h.SendAsync("POST", "login?userName=hadoop", """{"userName":"alice","password":"alice-pw"}""");

        Assert.Equal(200, answer.Status);
        Assert.Contains("\"userName\":\"alice\"", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_BodyWithoutPassword_TakesPasswdEncrypt()
    {
        var answer = await _h.SendAsync("POST", "login", """{"userName":"alice","passwdEncrypt":"alice-pw"}""");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Login_BodyEmptyPassword_IsBlankEvenWithPasswdEncrypt()
    {
        // Linkis falls back to passwdEncrypt only when password is absent or null.
        var answer = await _h.SendAsync("POST", "login", """{"userName":"alice","password":"","passwdEncrypt":"alice-pw"}""");

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"Password can not be blank(密码不能为空)！\",\"data\":{" + SessionData + "}}", answer.Json);
    }

    [Fact]
    public async Task Login_WrongPassword_400WithSessionDataAndNoCookie()
    {
        var answer = await _h.SendAsync("POST", "login", """{"userName":"alice","password":"nope"}""");

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"wrong user name or password(用户名或密码错误)！\",\"data\":{" + SessionData + "}}", answer.Json);
        Assert.Empty(answer.SetCookies);
    }

    [Theory]
    [InlineData("""{"password":"x"}""")]
    [InlineData("""{"userName":"   ","password":"x"}""")]
    [InlineData("""{"userName":null,"password":"x"}""")]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Login_BlankUser_400UserNameEmpty(string body)
    {
        var answer = await _h.SendAsync("POST", "login", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"Username can not be empty(用户名不能为空)！\",\"data\":{" + SessionData + "}}", answer.Json);
    }

    [Theory]
    [InlineData("""{"userName":"alice"}""")]
    [InlineData("""{"userName":"alice","password":" "}""")]
    [InlineData("""{"userName":"alice","password":null}""")]
    public async Task Login_BlankPassword_400PasswordBlank(string body)
    {
        var answer = await _h.SendAsync("POST", "login", body);

        Assert.Equal(400, answer.Status);
        Assert.Contains("\"message\":\"Password can not be blank(密码不能为空)！\"", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AlreadyLoggedIn_200WithUserAndNoNewCookie()
    {
        var ticket = await _h.LoginAsync();

        var answer = await _h.SendAsync("POST", "login", """{"userName":"hadoop","password":"admin-pw"}""", ticket: ticket);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"alice already logged in, please log out before signing in(已经登录，请先退出再进行登录)！","data":{"userName":"alice"}}""", answer.Json);
        Assert.Empty(answer.SetCookies);
    }

    [Fact]
    public async Task Login_AlreadyLoggedInWithMalformedBody_StillAnswersAlreadyLoggedIn()
    {
        var ticket = await _h.LoginAsync();

        var answer = await _h.SendAsync("POST", "login", "{not json", ticket: ticket);

        Assert.Equal(200, answer.Status);
        Assert.Contains("already logged in", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ForgedTicketCookie_LogsInAfresh()
    {
        var answer = await _h.SendAsync("POST", "login", """{"userName":"alice","password":"alice-pw"}""", ticket: "Zm9yZ2VkLXRpY2tldA==");

        Assert.Equal(200, answer.Status);
        Assert.Contains("login successful", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SystemUserFromWebWhileProhibited_400()
    {
        using var h = new UserEndpointsHarness(c => c with { ProhibitSystemUserLogin = true });

        var web = await h.SendAsync("POST", "login", """{"userName":"hduser01","password":"pw"}""", [new("webLogin", "TRUE")]);
        var client = await h.SendAsync("POST", "login", """{"userName":"hduser01","password":"pw"}""");

        Assert.Equal(400, web.Status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"System users are prohibited from logging in（系统用户禁止登录）！\",\"data\":{" + SessionData + "}}", web.Json);
        Assert.Empty(web.SetCookies);
        Assert.Equal(200, client.Status);
    }

    [Fact]
    public async Task Login_ProxyMappedUser_TicketIssuedForProxyUser()
    {
        var answer = await _h.SendAsync("POST", "login", """{"userName":"mapped","password":"pw"}""");

        Assert.Equal(200, answer.Status);
        Assert.Contains("\"userName\":\"mapped\"", answer.Json, StringComparison.Ordinal);
        Assert.Equal("etl_user", _h.Cipher.Read(answer.Ticket!).UserName);
    }

    [Theory]
    [InlineData("{not json", "login failed! reason: The request body is not valid JSON (line 1, position 2).")]
    [InlineData("""{"userName":"alice","password":"x" """, "login failed! reason: The request body is not valid JSON (line 1, position 36).")]
    [InlineData("userName=alice&password=alice-pw", "login failed! reason: The request body is not valid JSON (line 1, position 1).")]
    [InlineData("""["alice","alice-pw"]""", "login failed! reason: the request body is a JSON array; send an object such as {\\\"userName\\\":\\\"...\\\",\\\"password\\\":\\\"...\\\"}.")]
    [InlineData("\"alice\"", "login failed! reason: the request body is a JSON string; send an object such as {\\\"userName\\\":\\\"...\\\",\\\"password\\\":\\\"...\\\"}.")]
    [InlineData("""{"userName":42,"password":"x"}""", "login failed! reason: userName must be a JSON string, not a number.")]
    [InlineData("""{"userName":"alice","password":true}""", "login failed! reason: password must be a JSON string, not a boolean.")]
    [InlineData("""{"userName":"alice","passwdEncrypt":{"a":1}}""", "login failed! reason: passwdEncrypt must be a JSON string, not a object.")]
    [InlineData("""{"userName":["alice"],"password":"x"}""", "login failed! reason: userName must be a JSON string, not a array.")]
    [InlineData("""{"userName":"bob","userName":"alice","password":"alice-pw"}""", "login failed! reason: the request body has the key userName more than once.")]
    [InlineData("""{"userName":"alice","password":"a","password":"alice-pw"}""", "login failed! reason: the request body has the key password more than once.")]
    public async Task Login_UnreadableBody_400WithPathAndPreciseReason(string body, string message)
    {
        var answer = await _h.SendAsync("POST", "login", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/user/login\",\"status\":1,\"message\":\"" + Gson(message) + "\",\"data\":{}}", answer.Json);
        Assert.Empty(answer.SetCookies);
    }

    [Fact]
    public async Task Login_HugeBody_400WithoutReadingIt()
    {
        var body = "{\"userName\":\"alice\",\"password\":\"" + new string('x', LoginCredentialsReader.MaxBodyBytes) + "\"}";

        var answer = await _h.SendAsync("POST", "login", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/user/login\",\"status\":1,\"message\":\"login failed! reason: the login request body has " + Encoding.UTF8.GetByteCount(body) + " bytes, more than the 65536 allowed.\",\"data\":{}}",
            answer.Json);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("admin'; DROP TABLE linkis_user;--")]
    [InlineData("hadoop\" OR \"1\"=\"1")]
    [InlineData("*)(uid=*")]
    public async Task Login_SqlLookingUserName_WrongCredentialsNothingEchoed(string user)
    {
        var body = "{\"userName\":" + System.Text.Json.JsonSerializer.Serialize(user) + ",\"password\":\"secret-pw-123\"}";

        var answer = await _h.SendAsync("POST", "login", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"wrong user name or password(用户名或密码错误)！\",\"data\":{" + SessionData + "}}", answer.Json);
        Assert.DoesNotContain("secret-pw-123", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RepeatedFailures_429WithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(400, (await _h.SendAsync("POST", "login", """{"userName":"alice","password":"nope"}""")).Status);
        }

        var answer = await _h.SendAsync("POST", "login", """{"userName":"alice","password":"alice-pw"}""");

        Assert.Equal(429, answer.Status);
        Assert.Equal("1", answer.Headers.RetryAfter);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"Too many failed logins, please try again in 1 seconds(登录失败次数过多，请 1 秒后重试)！\",\"data\":{" + SessionData + "}}", answer.Json);
        Assert.Empty(answer.SetCookies);
    }

    [Fact]
    public async Task Login_Encrypted_DecryptsWithPublishedKey()
    {
        using var h = new UserEndpointsHarness(c => c with { UserEndpoints = c.UserEndpoints with { LoginEncrypt = true } });
        var encrypted = await EncryptWithPublishedKeyAsync(h, "alice-pw");

        var answer = await h.SendAsync("POST", "login", $$"""{"userName":"alice","passwdEncrypt":"{{encrypted}}"}""");
        var query = await h.SendAsync("GET", "login?userName=hadoop&password=" + Uri.EscapeDataString(await EncryptWithPublishedKeyAsync(h, "admin-pw")));

        Assert.Equal(200, answer.Status);
        Assert.Contains("\"userName\":\"alice\"", answer.Json, StringComparison.Ordinal);
        Assert.Equal(200, query.Status);
    }

    [Theory]
    [InlineData("alice-pw")]
    [InlineData("bm90LWEtYmxvY2s=")]
    public async Task Login_EncryptedButNotACipherBlock_400NamesTheKeyEndpoint(string password)
    {
        using var h = new UserEndpointsHarness(c => c with { UserEndpoints = c.UserEndpoints with { LoginEncrypt = true } });

        var answer = await h.SendAsync("POST", "login", "{\"userName\":\"alice\",\"password\":\"" + password + "\"}");

        Assert.Equal(400, answer.Status);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/user/login\",\"status\":1,\"message\":\"login failed! reason: the password must be the Base64 of its RSA encryption with the key from /api/rest_j/v1/user/publicKey; the key changes when the gateway restarts.\",\"data\":{}}",
            answer.Json.Replace("\\u003d", "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_EncryptedWithAnotherKey_RejectedLikeAWrongPasswordAndCounted()
    {
        using var h = new UserEndpointsHarness(c => c with { UserEndpoints = c.UserEndpoints with { LoginEncrypt = true } });
        using var other = RSA.Create(2048);
        var forged = Convert.ToBase64String(other.Encrypt(Encoding.UTF8.GetBytes("alice-pw"), RSAEncryptionPadding.Pkcs1));

        var answers = new List<UserAnswer>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await h.SendAsync("POST", "login", $$"""{"userName":"alice","password":"{{forged}}"}"""));
        }

        Assert.All(answers.Take(3), a => Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"wrong user name or password(用户名或密码错误)！\",\"data\":{" + SessionData + "}}", a.Json));
        Assert.Equal(429, answers[3].Status);
    }

    [Fact]
    public async Task Proxy_AllowedCode_LogsInLowerCasedProxyUser()
    {
        var answer = await _h.SendAsync("GET", "proxy?proxyUser=Presto&validationCode=vc-1");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"代理成功","data":{"proxyUser":"presto"}}""", answer.Json);
        Assert.Equal("presto", _h.Sessions.Resolve(answer.Ticket, null).UserName);
    }

    [Theory]
    [InlineData("proxy?proxyUser=root&validationCode=vc-1")]
    [InlineData("proxy?proxyUser=hive&validationCode=wrong")]
    [InlineData("proxy?proxyUser=&validationCode=vc-1")]
    public async Task Proxy_RefusedCode_400ValidationFailed(string request)
    {
        var answer = await _h.SendAsync("GET", request);

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"method":null,"status":1,"message":"Validation failed","data":{}}""", answer.Json);
        Assert.Empty(answer.SetCookies);
    }

    [Theory]
    [InlineData("proxy")]
    [InlineData("proxy?proxyUser=hive")]
    [InlineData("proxy?validationCode=vc-1")]
    public async Task Proxy_MissingParameter_400WithPath(string request)
    {
        var answer = await _h.SendAsync("GET", request);

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"method":"/api/rest_j/v1/user/proxy","status":1,"message":"login failed! reason: the query parameters proxyUser and validationCode are both required.","data":{}}""", answer.Json);
    }

    [Fact]
    public async Task Proxy_GuessingCodes_Throttled()
    {
        for (var i = 0; i < 3; i++)
        {
            await _h.SendAsync("GET", "proxy?proxyUser=hive&validationCode=guess" + i);
        }

        var answer = await _h.SendAsync("GET", "proxy?proxyUser=hive&validationCode=vc-1");

        Assert.Equal(429, answer.Status);
        Assert.Equal("1", answer.Headers.RetryAfter);
    }

    [Fact]
    public async Task TokenLogin_ValidHeaders_200WithTicketCookieForTheSession()
    {
        var tokens = new FakeTokens();
        using var h = new UserEndpointsHarness(tokens: tokens);

        var answer = await h.SendAsync("POST", "token-login", "{}", [new("token-code", "good-token"), new("TOKEN-USER", "alice")]);

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"isAdmin":false,"userName":"alice"}}""", answer.Json);
        Assert.Equal("alice", h.Sessions.Resolve(answer.Ticket, null).UserName);
        Assert.Equal("linkis_user_session_proxy_ticket_id_v1=; Max-Age=0; Path=/", answer.SetCookies[1]);
        Assert.Equal(("good-token", "alice", "10.1.2.3"), Assert.Single(tokens.Calls));
    }

    [Fact]
    public async Task TokenLogin_EmptyBody_IsProcessed()
    {
        var answer = await _h.SendAsync("POST", "token-login", "", [new("Token-Code", "good-token"), new("Token-User", "alice")]);

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task TokenLogin_Cookies_AreUsedWhenHeadersAreBlank()
    {
        var answer = await _h.SendAsync("POST", "token-login", "{}", [new("Token-Code", " "), new("Cookie", "Token-Code=good-token; Token-User=mapped")]);

        Assert.Equal(200, answer.Status);
        Assert.Contains("\"userName\":\"mapped\"", answer.Json, StringComparison.Ordinal);
        Assert.Equal("etl_user", _h.Cipher.Read(answer.Ticket!).UserName);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task TokenLogin_NotPost_400(string method)
    {
        var answer = await _h.SendAsync(method, "token-login", "{}", [new("Token-Code", "good-token"), new("Token-User", "alice")]);

        Assert.Equal(400, answer.Status);
        Assert.Equal("""{"method":null,"status":1,"message":"Only support method POST","data":{}}""", answer.Json);
    }

    [Fact]
    public async Task TokenLogin_Disabled_401WithPath()
    {
        using var h = new UserEndpointsHarness(c => c with { Tokens = c.Tokens with { Enabled = false } });

        var answer = await h.SendAsync("POST", "token-login", "{}", [new("Token-Code", "good-token"), new("Token-User", "alice")]);

        Assert.Equal(401, answer.Status);
        Assert.Equal("""{"method":"/api/rest_j/v1/user/token-login","status":-1,"message":"Gateway未启用token认证，请采用其他认证方式!","data":{}}""", answer.Json);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("good-token", null)]
    [InlineData(null, "alice")]
    [InlineData("", "alice")]
    public async Task TokenLogin_MissingTokenOrUser_401(string? code, string? user)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (code is not null)
        {
            headers.Add(new("Token-Code", code));
        }

        if (user is not null)
        {
            headers.Add(new("Token-User", user));
        }

        var answer = await _h.SendAsync("POST", "token-login", "{}", headers);

        Assert.Equal(401, answer.Status);
        Assert.Equal("""{"method":"/api/rest_j/v1/user/token-login","status":-1,"message":"请在Header或Cookie中同时指定Token-Code 和 Token-User，以便完成token认证！","data":{}}""", answer.Json);
    }

    [Fact]
    public async Task TokenLogin_UnknownToken_401WithMaskedTokenAndNoCookie()
    {
        var answer = await _h.SendAsync("POST", "token-login", "{}", [new("Token-Code", "LEAKED-SECRET-TOKEN"), new("Token-User", "alice")]);

        Assert.Equal(401, answer.Status);
        Assert.Equal(
            """{"method":"/api/rest_j/v1/user/token-login","status":-1,"message":"Token Authentication Failed, token: LEAK***，tokenUser: alice, reason: errCode: 15207 ,desc: Token:LEAK*** does not exist in the table(Token:LEAK*** 表中不存在)!","data":{}}""",
            answer.Json);
        Assert.DoesNotContain("SECRET", answer.Json, StringComparison.Ordinal);
        Assert.Empty(answer.SetCookies);
    }

    [Fact]
    public async Task TokenLogin_IllegalHost_401()
    {
        var answer = await _h.SendAsync("POST", "token-login", "{}", [new("Token-Code", "good-token"), new("Token-User", "alice")], clientIp: "192.168.9.9");

        Assert.Equal(401, answer.Status);
        Assert.Contains("Illegal Host for Token(非法ip: 192.168.9.9)!", answer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenLogin_GuessingTokens_Throttled()
    {
        for (var i = 0; i < 3; i++)
        {
            await _h.SendAsync("POST", "token-login", "{}", [new("Token-Code", "guess-" + i), new("Token-User", "alice")]);
        }

        var answer = await _h.SendAsync("POST", "token-login", "{}", [new("Token-Code", "good-token"), new("Token-User", "alice")]);

        Assert.Equal(429, answer.Status);
        Assert.Equal("1", answer.Headers.RetryAfter);
        Assert.Empty(answer.SetCookies);
    }

    private static async Task<string> EncryptWithPublishedKeyAsync(UserEndpointsHarness h, string password)
    {
        var answer = await h.SendAsync("GET", "publicKey");
        var data = System.Text.Json.JsonDocument.Parse(answer.Json).RootElement.GetProperty("data");
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(data.GetProperty("publicKey").GetString()!), out _);
        return Convert.ToBase64String(rsa.Encrypt(Encoding.UTF8.GetBytes(password), RSAEncryptionPadding.Pkcs1));
    }

    // Gson's HTML-safe escaping of the texts compared above.
    private static string Gson(string text) => text.Replace("=", "\\u003d", StringComparison.Ordinal).Replace("'", "\\u0027", StringComparison.Ordinal);
}
