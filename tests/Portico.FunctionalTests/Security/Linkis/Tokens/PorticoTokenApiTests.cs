using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Linkis.Tokens;
using static Portico.FunctionalTests.Security.Linkis.Tokens.TokenGateway;

namespace Portico.FunctionalTests.Security.Linkis.Tokens;

/// <summary>Portico's own token API, <c>/portico/tokens</c>, on a real gateway.</summary>
public sealed class PorticoTokenApiTests : IAsyncLifetime
{
    private const string Tokens = "/portico/tokens";
    private const string Created = "2025-03-01T08:00:00+00:00";

    private readonly ManualTimeProvider _time = new(Start);
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        var registry = new Portico.FunctionalTests.Linkis.InMemoryRegistry();
        registry.Set(("linkis-ps-publicservice", "10.0.0.3:9105"));
        _gateway = await StartAsync(_time, registry: registry);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private ILinkisTokenAuthenticator Authenticator => _gateway.Services.GetRequiredService<ILinkisTokenAuthenticator>();

    private Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, string? json = null) => _gateway.SendAsync(Request(method, path, json));

    private static string Problem(int status, string title, string detail, string? field, string instance) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        }.Concat(field is null ? [] : [new KeyValuePair<string, object>("field", field)]).Append(new("instance", instance)).ToDictionary());

    [Fact]
    public async Task Create_ReturnsTheGeneratedTokenOnce_ThenReadsShowItMasked()
    {
        using var request = Request(HttpMethod.Post, Tokens, """{"name":"dss-prod","legalUsers":"alice,bob","legalHosts":"10.0.0.5","elapseDay":30}""");
        using var response = await _gateway.Client.SendAsync(request);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = created.RootElement.GetProperty("token").GetString()!;

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("/portico/tokens/dss-prod", response.Headers.Location?.OriginalString);
        Assert.Equal(43, token.Length);
        Assert.Equal(
            $$"""{"id":1,"name":"dss-prod","token":"{{token}}","tokenMask":"{{token[..4]}}***","legalUsers":"alice,bob","legalHosts":"10.0.0.5","businessOwner":"BDP","createTime":"{{Created}}","updateTime":"{{Created}}","elapseDay":30,"expiresAt":"2025-03-31T08:00:00+00:00","expired":false,"updateBy":"portico-api"}""",
            created.RootElement.GetRawText());
        Assert.True((await Authenticator.AuthenticateAsync(token, "bob", "10.0.0.5", default)).Succeeded);

        var one = await SendAsync(HttpMethod.Get, Tokens + "/DSS-PROD");
        var all = await SendAsync(HttpMethod.Get, Tokens);
        var row = $$"""{"id":1,"name":"dss-prod","tokenMask":"{{token[..4]}}***","legalUsers":"alice,bob","legalHosts":"10.0.0.5","businessOwner":"BDP","createTime":"{{Created}}","updateTime":"{{Created}}","elapseDay":30,"expiresAt":"2025-03-31T08:00:00+00:00","expired":false,"updateBy":"portico-api"}""";
        Assert.Equal((200, row), one);
        Assert.Equal((200, $$"""{"tokens":[{{row}}]}"""), all);
        Assert.DoesNotContain(token, all.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ChosenToken_AuthenticatesAndIsNotEchoedLater()
    {
        var created = await SendAsync(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""");

        Assert.Equal(201, created.Status);
        Assert.Contains("\"token\":\"LINKIS-AUTH\"", created.Body, StringComparison.Ordinal);
        Assert.Contains("\"expiresAt\":null", created.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("LINKIS-AUTH", (await SendAsync(HttpMethod.Get, Tokens + "/linkis")).Body, StringComparison.Ordinal);
        Assert.True((await Authenticator.AuthenticateAsync("LINKIS-AUTH", "anyone", "10.9.9.9", default)).Succeeded);
    }

    [Theory]
    [InlineData("""{"name":"x","legalUsers":"*","legalHosts":"*","elapseDay":0}""", "elapseDay", "elapseDay is 0; write 1 to 36500 days, or -1 for a token that never expires.")]
    [InlineData("""{"name":"x","legalUsers":"*","legalHosts":"*","elapseDay":"7"}""", "elapseDay", "elapseDay must be a whole number.")]
    [InlineData("""{"name":"x","legalUsers":"*","legalHosts":"*"}""", "elapseDay", "elapseDay is required; write the days the token stays valid (1 to 36500), or -1 for ever.")]
    [InlineData("""{"name":"x","legalUser":"*","legalHosts":"*","elapseDay":1}""", "legalUser", "legalUser is not a token property; use name, token, regenerate, legalUsers, legalHosts, businessOwner and elapseDay.")]
    [InlineData("""{"name":"x y","legalUsers":"*","legalHosts":"*","elapseDay":1}""", "name", "name 'x y' may hold only letters, digits, '.', '_' and '-'.")]
    [InlineData("""{"name":"x","legalUsers":"alice, bob","legalHosts":"*","elapseDay":1}""", "legalUsers", "legalUsers entry ' bob' has spaces around it, and entries are compared exactly; write a list without spaces, such as alice,bob.")]
    [InlineData("""{"name":"x","regenerate":true,"legalUsers":"*","legalHosts":"*","elapseDay":1}""", "regenerate", "regenerate applies to changes only; leave token out to have one generated.")]
    [InlineData("""{"name":"x",""", "body", "body is not valid JSON.")]
    public async Task Create_BadBody_Is400NamingTheFieldAndAddsNothing(string body, string field, string detail)
    {
        var created = await SendAsync(HttpMethod.Post, Tokens, body);

        Assert.Equal((400, Problem(400, "Bad Request", detail, field, Tokens)), created);
        Assert.Equal((200, """{"tokens":[]}"""), await SendAsync(HttpMethod.Get, Tokens));
    }

    [Theory]
    [InlineData("""{"name":"LINKIS","token":"OTHER-VALUE-123","legalUsers":"*","legalHosts":"*","elapseDay":1}""", "name", "name 'LINKIS' is already in use; choose another name.")]
    [InlineData("""{"name":"other","token":"LINKIS-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":1}""", "token", "token is already the value of token 'linkis'; choose another, or leave it out to have one generated.")]
    public async Task Create_Duplicate_Is409(string body, string field, string detail)
    {
        await SendAsync(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""");

        var created = await SendAsync(HttpMethod.Post, Tokens, body);

        Assert.Equal((409, Problem(409, "Conflict", detail, field, Tokens)), created);
        Assert.Contains("\"id\":1,", (await SendAsync(HttpMethod.Get, Tokens)).Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"id\":2,", (await SendAsync(HttpMethod.Get, Tokens)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NotJson_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Tokens) { Content = new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded") };

        var created = await _gateway.SendAsync(request);

        Assert.Equal(415, created.Status);
        Assert.Contains("send application/json", created.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_Regenerate_ReplacesTheTokenForTheNextAuthentication()
    {
        await SendAsync(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""");
        _time.Advance(TimeSpan.FromMinutes(1));

        var updated = await SendAsync(HttpMethod.Put, Tokens + "/linkis", """{"regenerate":true,"legalUsers":"svc"}""");

        using var doc = JsonDocument.Parse(updated.Body);
        var token = doc.RootElement.GetProperty("token").GetString()!;
        Assert.Equal(200, updated.Status);
        Assert.Equal("2025-03-01T08:01:00+00:00", doc.RootElement.GetProperty("updateTime").GetString());
        Assert.Equal(Created, doc.RootElement.GetProperty("createTime").GetString());
        Assert.Equal(15207, (await Authenticator.AuthenticateAsync("LINKIS-AUTH", "svc", "127.0.0.1", default)).ErrorCode);
        Assert.True((await Authenticator.AuthenticateAsync(token, "svc", "127.0.0.1", default)).Succeeded);
        Assert.Equal(15202, (await Authenticator.AuthenticateAsync(token, "other", "127.0.0.1", default)).ErrorCode);
    }

    [Fact]
    public async Task Update_BadField_LeavesTheTokenAsItWas()
    {
        await SendAsync(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""");
        var before = await SendAsync(HttpMethod.Get, Tokens + "/linkis");

        var updated = await SendAsync(HttpMethod.Put, Tokens + "/linkis", """{"legalUsers":"svc","legalHosts":"not-an-ip"}""");

        Assert.Equal(400, updated.Status);
        Assert.Contains("\"field\":\"legalHosts\"", updated.Body, StringComparison.Ordinal);
        Assert.Equal(before, await SendAsync(HttpMethod.Get, Tokens + "/linkis"));
    }

    [Fact]
    public async Task Delete_RemovesAtOnce_ThenIs404()
    {
        await SendAsync(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""");

        var deleted = await SendAsync(HttpMethod.Delete, Tokens + "/linkis");
        var again = await SendAsync(HttpMethod.Delete, Tokens + "/linkis");

        Assert.Equal((204, ""), deleted);
        Assert.Equal((404, Problem(404, "Not Found", "No token is named 'linkis'.", null, Tokens + "/linkis")), again);
        Assert.Equal(15207, (await Authenticator.AuthenticateAsync("LINKIS-AUTH", "svc", "127.0.0.1", default)).ErrorCode);
    }

    [Fact]
    public async Task TokenRequest_ThroughTheGateway_FollowsEveryChangeOnTheNextRequest()
    {
        const string Path = "/api/rest_j/v1/jobhistory/list";
        Task<HttpResponseMessage> Call(string user)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.Add("Token-Code", "LINKIS-AUTH");
            request.Headers.Add("Token-User", user);
            return _gateway.Client.SendAsync(request);
        }

        string Refusal(string user, int code, string desc) =>
            $$$"""{"method":"{{{Path}}}","status":-1,"message":"Token Authentication Failed, token: LINK***，tokenUser: {{{user}}}, reason: errCode: {{{code}}} ,desc: {{{desc}}}","data":{}}""";

        using (var unknown = await Call("svc"))
        {
            Assert.Equal(401, (int)unknown.StatusCode);
            Assert.Equal(Refusal("svc", 15207, "Token:LINK*** does not exist in the table(Token:LINK*** 表中不存在)!, Caused by:errCode: 15204 ,desc: Invalid Token(数据库中未配置的无效令牌)"), await unknown.Content.ReadAsStringAsync());
        }

        await SendAsync(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH","legalUsers":"svc","legalHosts":"127.0.0.1","elapseDay":1}""");
        using (var allowed = await Call("svc"))
        {
            var probe = await Portico.FunctionalTests.Linkis.LinkisProbe.ReadAsync(allowed);
            Assert.Equal("lb://linkis-ps-publicservice" + Path, probe.Url);
            Assert.Contains("linkis_user_session_ticket_id_v1=", probe.Header("Cookie"), StringComparison.Ordinal);
        }

        using (var otherUser = await Call("bob"))
        {
            Assert.Equal(Refusal("bob", 15202, "Illegal TokenUser for Token(Token非法用户: bob)!"), await otherUser.Content.ReadAsStringAsync());
        }

        await SendAsync(HttpMethod.Put, Tokens + "/linkis", """{"legalHosts":"10.0.0.5"}""");
        using (var otherHost = await Call("svc"))
        {
            Assert.Equal(Refusal("svc", 15203, "Illegal Host for Token(非法ip: 127.0.0.1)!"), await otherHost.Content.ReadAsStringAsync());
        }

        await SendAsync(HttpMethod.Put, Tokens + "/linkis", """{"legalHosts":"*"}""");
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1));
        using (var expired = await Call("svc"))
        {
            Assert.Equal(Refusal("svc", 15201, "Token is not valid or stale(LINK*** 令牌已过期)!"), await expired.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Api_WithLinkisSecurityOff_Is404()
    {
        await using var gateway = await StartAsync(_time, Yaml(securityEnabled: false));

        var listed = await gateway.SendAsync(Request(HttpMethod.Get, Tokens));

        Assert.Equal((404, Problem(404, "Not Found", "Linkis authentication is off, so there are no tokens; set linkis-security.enabled: true.", null, Tokens)), listed);
    }

    [Fact]
    public async Task Api_FromAnUntrustedSource_Is403()
    {
        await using var gateway = await StartAsync(_time, Yaml(discoveryAccess: "allow-loopback: false"));

        var created = await gateway.SendAsync(Request(HttpMethod.Post, Tokens, """{"legalUsers":"*","legalHosts":"*","elapseDay":-1}"""));

        Assert.Equal(403, created.Status);
        Assert.Empty(gateway.Services.GetRequiredService<ILinkisTokenStore>().Tokens);
    }

    [Fact]
    public async Task Api_WithCredentials_RequiresThemAndRecordsTheUser()
    {
        await using var gateway = await StartAsync(_time, Yaml(discoveryAccess: "username: ops\npassword: s3cret"));
        const string Body = """{"name":"x","legalUsers":"*","legalHosts":"*","elapseDay":-1}""";

        var none = await gateway.SendAsync(Request(HttpMethod.Post, Tokens, Body));
        var wrong = Request(HttpMethod.Post, Tokens, Body);
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("ops:nope"u8.ToArray()));
        var refused = await gateway.SendAsync(wrong);
        var right = Request(HttpMethod.Post, Tokens, Body);
        right.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("ops:s3cret"u8.ToArray()));
        var accepted = await gateway.SendAsync(right);

        Assert.Equal(401, none.Status);
        Assert.Equal(403, refused.Status);
        Assert.Equal(201, accepted.Status);
        Assert.Contains("\"updateBy\":\"ops\"", accepted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_SurviveAGatewayRestart_InTheDataDirectory()
    {
        var data = Directory.CreateTempSubdirectory("portico-tokens-").FullName;
        try
        {
            var yaml = Yaml(persistence: "sqlite", dataDirectory: data);
            await using (var first = await StartAsync(_time, yaml))
            {
                Assert.Equal(201, (await first.SendAsync(Request(HttpMethod.Post, Tokens, """{"name":"linkis","token":"LINKIS-AUTH-DURABLE","legalUsers":"*","legalHosts":"*","elapseDay":-1}"""))).Status);
            }

            await using var second = await StartAsync(_time, yaml);

            Assert.True((await second.Services.GetRequiredService<ILinkisTokenAuthenticator>().AuthenticateAsync("LINKIS-AUTH-DURABLE", "bob", "127.0.0.1", default)).Succeeded);
            Assert.Contains("\"name\":\"linkis\"", (await second.SendAsync(Request(HttpMethod.Get, Tokens))).Body, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, SqliteTokenPersistence.FileName)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
