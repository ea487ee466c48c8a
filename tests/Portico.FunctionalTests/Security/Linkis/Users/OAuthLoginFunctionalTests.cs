using System.Net;
using System.Text.Json;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Security.Linkis.Users.UserEndpointsGateway;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>OAuth login through a real gateway against a fake authorization server on Kestrel at 127.0.0.1.</summary>
public sealed class OAuthLoginFunctionalTests : IAsyncLifetime
{
    private FakeOAuthServer _idp = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeOAuthServer.StartAsync();
        _gateway = await StartOAuthAsync(_idp, "scope: read:user\ntimeout: 2s");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task Redirect_GivesTheAuthorizeUrl()
    {
        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-redirect"));

        Assert.Equal(HttpStatusCode.OK, status);
        var url = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("redirectUrl").GetString();
        Assert.Equal(_idp.BaseUrl + "/authorize?client_id=linkis-web&response_type=code&scope=read%3Auser", url);
    }

    [Fact]
    public async Task Login_GoodCode_ExchangesLooksUpAndLogsIn()
    {
        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code&state=x"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"method":null,"status":0,"message":"login successful(登录成功)！","data":{"enableWatermark":true,"isAdmin":false,"sessionTimeOut":1800000,"userName":"octo"}}""", json);
        var info = await SendAsync(_gateway, Request(HttpMethod.Get, "userInfo", ticket: Ticket(response)));
        Assert.Contains("\"userName\":\"octo\"", info.Json, StringComparison.Ordinal);

        var requests = _idp.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var exchange = requests[0];
        Assert.Equal(("POST", "/token"), (exchange.Method, exchange.Path));
        Assert.StartsWith("application/json", exchange.ContentType, StringComparison.Ordinal);
        Assert.Equal("application/json", exchange.Accept);
        Assert.Equal("", exchange.Cookie);
        var body = JsonDocument.Parse(exchange.Body).RootElement;
        Assert.Equal(["client_id", "client_secret", "code", "host"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("linkis-web", body.GetProperty("client_id").GetString());
        Assert.Equal("idp-secret-42", body.GetProperty("client_secret").GetString());
        Assert.Equal("good-code", body.GetProperty("code").GetString());
        Assert.Equal("127.0.0.1", body.GetProperty("host").GetString());
        var lookup = requests[1];
        Assert.Equal(("GET", "/user", "Bearer access-1"), (lookup.Method, lookup.Path, lookup.Authorization));
    }

    [Fact]
    public async Task Login_AlreadyLoggedIn_DoesNotCallTheServer()
    {
        var first = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code"));
        var before = _idp.Requests.Count;

        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code", ticket: Ticket(first.Response)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("octo already logged in", json, StringComparison.Ordinal);
        Assert.Equal(before, _idp.Requests.Count);
    }

    [Fact]
    public async Task Login_RefusedCode_401WithMaskedCode()
    {
        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=stolen-code-123"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":null,"status":-1,"message":"无效的访问令牌 stol***，无法完成 OAuth 认证!","data":{}}""", json);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Single(_idp.Requests);
    }

    [Theory]
    [InlineData(200, """{"id":7}""")]
    [InlineData(200, """{"login":null}""")]
    [InlineData(200, """{"login":42}""")]
    [InlineData(200, """{"login":"  "}""")]
    [InlineData(200, """["octo"]""")]
    [InlineData(200, "not json")]
    [InlineData(401, """{"login":"octo"}""")]
    [InlineData(500, "")]
    public async Task Login_UserLookupNamesNoUser_401NeverAUserCalledNull(int lookupStatus, string lookupBody)
    {
        _idp.User = _ => (lookupStatus, lookupBody);

        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":null,"status":-1,"message":"The OAuth user information names no user, so OAuth authentication cannot complete(无法获取 OAuth 用户信息，无法完成 OAuth 认证)!","data":{}}""", json);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(200, """{"token_type":"bearer"}""")]
    [InlineData(200, """{"access_token":""}""")]
    [InlineData(200, "<html>ok</html>")]
    [InlineData(302, "")]
    [InlineData(503, """{"access_token":"access-1"}""")]
    public async Task Login_ExchangeAnswerWithoutToken_401(int tokenStatus, string tokenBody)
    {
        _idp.Token = _ => (tokenStatus, tokenBody);

        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":null,"status":-1,"message":"无效的访问令牌 good***，无法完成 OAuth 认证!","data":{}}""", json);
        Assert.Single(_idp.Requests);
    }

    [Fact]
    public async Task Login_CodeLongerThanAnyCode_401WithoutCallingTheServer()
    {
        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=" + new string('c', 3000)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":null,"status":-1,"message":"无效的访问令牌 cccc***，无法完成 OAuth 认证!","data":{}}""", json);
        Assert.Empty(_idp.Requests);
    }

    [Fact]
    public async Task Login_ServerTooSlow_401AfterTheTimeout()
    {
        _idp.Delay = TimeSpan.FromSeconds(30);

        var (status, json, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("无效的访问令牌 good***", json, StringComparison.Ordinal);
        Assert.Contains(_gateway.Logs.Entries, e => e.Message.Contains("no answer within 2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_ServerDown_401AndTheSecretIsNotLogged()
    {
        await using var gateway = await StartAsync("""
            oauth:
              enabled: true
              authentication-url: http://127.0.0.1:1/authorize
              exchange-url: http://127.0.0.1:1/token
              validate-url: http://127.0.0.1:1/user
              validate-field: login
              client-id: linkis-web
              client-secret: idp-secret-42
            """);

        var (status, _, _) = await SendAsync(gateway, Request(HttpMethod.Get, "oauth-login?code=good-code"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("exchanging the code at http://127.0.0.1:1/token failed", StringComparison.Ordinal));
        // ASP.NET's own request log shows the URL, code included; Portico's messages never show the code or the secret.
        Assert.DoesNotContain(
            gateway.Logs.Entries,
            e => e.Category.StartsWith("Portico", StringComparison.Ordinal)
                && (e.Message.Contains("idp-secret-42", StringComparison.Ordinal) || e.Message.Contains("good-code", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Login_HugeUserInfo_401()
    {
        _idp.User = _ => (200, "{\"login\":\"octo\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");

        var (status, _, _) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-login?code=good-code"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
