using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.FunctionalTests.Linkis;
using Portico.Security.Linkis.Tokens;
using static Portico.FunctionalTests.Security.Linkis.Tokens.TokenGateway;

namespace Portico.FunctionalTests.Security.Linkis.Tokens;

/// <summary>
/// Linkis's token admin API served by a real Linkis-mode gateway: the exact <c>Message</c> bodies the Linkis web console
/// reads, admin-only access, refusals that leave the table unchanged, and changes seen by the next authentication.
/// </summary>
public sealed class LinkisTokenApiTests : IAsyncLifetime
{
    private const string TestAuthRow = """{"id":1,"tokenName":"TEST***","legalUsers":"*","legalHosts":"*","businessOwner":"BDP","createTime":1740816000000,"updateTime":1740816000000,"elapseDay":-1,"updateBy":"hadoop"}""";

    private readonly ManualTimeProvider _time = new(Start);
    private readonly InMemoryRegistry _registry = new();
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _registry.Set(("linkis-ps-publicservice", "10.0.0.3:9105"));
        _gateway = await StartAsync(_time, registry: _registry);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private ILinkisTokenAuthenticator Authenticator => _gateway.Services.GetRequiredService<ILinkisTokenAuthenticator>();

    private Task<(int Status, string Body)> AddTestAuthAsync(string users = "*") =>
        _gateway.AdminAsync(HttpMethod.Post, Api, $$$"""{"tokenName":"TEST-AUTH","legalUsers":"{{{users}}}","legalHosts":"*","elapseDay":-1,"permanentlyValid":true}""");

    [Fact]
    public async Task Add_AsAdmin_ReturnsTheTokenOnceThenListsItMasked()
    {
        var added = await AddTestAuthAsync();
        var listed = await _gateway.AdminAsync(HttpMethod.Get, Api + "?searchName=&currentPage=1&pageSize=10");

        Assert.Equal(200, added.Status);
        Assert.Equal(
            $$$"""{"method":"{{{Api}}}","status":0,"message":"OK","data":{"result":true,"item":{{{TestAuthRow.Replace("TEST***", "TEST-AUTH", StringComparison.Ordinal)}}}}}""",
            added.Body);
        Assert.Equal(200, listed.Status);
        Assert.Equal(
            $$$$"""{"method":"{{{{Api}}}}","status":0,"message":"OK","data":{"list":{"total":1,"list":[{{{{TestAuthRow}}}}],"pageNum":1,"pageSize":10,"size":1,"startRow":1,"endRow":1,"pages":1,"prePage":0,"nextPage":0,"isFirstPage":true,"isLastPage":true,"hasPreviousPage":false,"hasNextPage":false,"navigatePages":8,"navigatepageNums":[1],"navigateFirstPage":1,"navigateLastPage":1}}}""",
            listed.Body);
    }

    [Fact]
    public async Task Get_ById_ShowsTheRowMaskedAndUnknownIdAsNull()
    {
        await AddTestAuthAsync();

        var known = await _gateway.AdminAsync(HttpMethod.Get, Api + "/1");
        var unknown = await _gateway.AdminAsync(HttpMethod.Get, Api + "/99");

        Assert.Equal($$$"""{"method":"{{{Api}}}/1","status":0,"message":"OK","data":{"item":{{{TestAuthRow}}}}}""", known.Body);
        Assert.Equal($$$"""{"method":"{{{Api}}}/99","status":0,"message":"OK","data":{"item":null}}""", unknown.Body);
    }

    [Fact]
    public async Task List_SearchName_MatchesTheLabelOrTheWholeToken()
    {
        await AddTestAuthAsync();
        await _gateway.AdminAsync(HttpMethod.Post, Api, """{"tokenName":"OTHER-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":7}""");

        var byToken = await _gateway.AdminAsync(HttpMethod.Get, Api + "?searchName=OTHER-AUTH&currentPage=1&pageSize=10");
        var byPart = await _gateway.AdminAsync(HttpMethod.Get, Api + "?searchName=OTHER&currentPage=1&pageSize=10");

        Assert.Contains("\"total\":1,", byToken.Body, StringComparison.Ordinal);
        Assert.Contains("\"tokenName\":\"OTHE***\"", byToken.Body, StringComparison.Ordinal);
        Assert.Contains("\"total\":0,", byPart.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ConsoleRowWithMaskedToken_KeepsTheTokenAndTakesEffectAtOnce()
    {
        await AddTestAuthAsync(users: "alice");
        Assert.Equal(15202, (await Authenticator.AuthenticateAsync("TEST-AUTH", "bob", "127.0.0.1", default)).ErrorCode);
        _time.Advance(TimeSpan.FromSeconds(2));

        var updated = await _gateway.SendAsync(
            Request(HttpMethod.Put, Api, """{"id":1,"tokenName":"TEST***","legalUsers":"alice,bob","legalHosts":"*","businessOwner":"BDP","createTime":1740816000000,"updateTime":1740816000000,"elapseDay":-1,"updateBy":"hadoop"}""")
                .As("root", admin: true));

        Assert.Equal(
            $$$$"""{"method":"{{{{Api}}}}","status":0,"message":"OK","data":{"result":true,"item":{"id":1,"tokenName":"TEST***","legalUsers":"alice,bob","legalHosts":"*","businessOwner":"BDP","createTime":1740816000000,"updateTime":1740816002000,"elapseDay":-1,"updateBy":"root"}}}""",
            updated.Body);
        Assert.Equal(LinkisTokenResult.Success("bob"), await Authenticator.AuthenticateAsync("TEST-AUTH", "bob", "127.0.0.1", default));
    }

    [Fact]
    public async Task Update_NewTokenName_ReplacesTheToken()
    {
        await AddTestAuthAsync();

        var updated = await _gateway.AdminAsync(HttpMethod.Put, Api, """{"id":1,"tokenName":"NEW-AUTH"}""");

        Assert.Contains("\"result\":true", updated.Body, StringComparison.Ordinal);
        Assert.Equal(15207, (await Authenticator.AuthenticateAsync("TEST-AUTH", "bob", "127.0.0.1", default)).ErrorCode);
        Assert.True((await Authenticator.AuthenticateAsync("NEW-AUTH", "bob", "127.0.0.1", default)).Succeeded);
    }

    [Fact]
    public async Task Update_UnknownId_IsResultFalse()
    {
        var updated = await _gateway.AdminAsync(HttpMethod.Put, Api, """{"id":5,"legalUsers":"alice"}""");

        Assert.Equal((200, $$$"""{"method":"{{{Api}}}","status":0,"message":"OK","data":{"result":false}}"""), updated);
    }

    [Fact]
    public async Task Delete_ById_RemovesTheTokenForTheNextAuthentication()
    {
        await AddTestAuthAsync();
        Assert.True((await Authenticator.AuthenticateAsync("TEST-AUTH", "bob", "127.0.0.1", default)).Succeeded);

        var deleted = await _gateway.AdminAsync(HttpMethod.Delete, Api + "/1");
        var again = await _gateway.AdminAsync(HttpMethod.Delete, Api + "?id=1");

        Assert.Equal($$$"""{"method":"{{{Api}}}/1","status":0,"message":"OK","data":{"result":true}}""", deleted.Body);
        Assert.Equal($$$"""{"method":"{{{Api}}}","status":0,"message":"OK","data":{"result":false}}""", again.Body);
        var refused = await Authenticator.AuthenticateAsync("TEST-AUTH", "bob", "127.0.0.1", default);
        Assert.Equal(15207, refused.ErrorCode);
        Assert.StartsWith("Token Authentication Failed, token: TEST***，tokenUser: bob, reason: errCode: 15207 ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_BadElapseDay_IsRefusedAndAddsNothing()
    {
        var added = await _gateway.AdminAsync(HttpMethod.Post, Api, """{"tokenName":"TEST-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":0}""");
        var listed = await _gateway.AdminAsync(HttpMethod.Get, Api);

        Assert.Equal(
            (400, $$$"""{"method":"{{{Api}}}","status":1,"message":"elapseDay is 0; write 1 to 36500 days, or -1 for a token that never expires.","data":{}}"""),
            added);
        Assert.Contains("\"total\":0,", listed.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tokenName":"TEST-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""", "tokenName is already the value of token \u0027token-1\u0027; choose another, or leave it out to have one generated.")]
    [InlineData("""{"tokenName":"BAD AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""", "tokenName may hold only visible ASCII characters other than \\\" , ; \\\\ (it is sent in headers and cookies).")]
    [InlineData("""{"tokenName":"X-AUTH","legalUsers":"*","legalHosts":"localhost","elapseDay":-1}""", "legalHosts entry \u0027localhost\u0027 is not an IP address; the client\u0027s address is compared, so write addresses such as 10.0.0.5 or ::1, or * for any.")]
    [InlineData("""{"tokenName":"X-AUTH","legalHosts":"*","elapseDay":-1}""", "legalUsers is required; write * for any user, or a comma-separated list such as alice,bob.")]
    [InlineData("""{"tokenName":"X-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":"soon"}""", "elapseDay must be a whole number.")]
    [InlineData("""not json""", "body is not valid JSON.")]
    public async Task Add_BadRow_IsAnErrorNamingTheField(string body, string message)
    {
        await AddTestAuthAsync();

        var added = await _gateway.AdminAsync(HttpMethod.Post, Api, body);

        var escaped = message.Replace("'", "\\u0027", StringComparison.Ordinal).Replace("=", "\\u003d", StringComparison.Ordinal);
        Assert.Equal((400, $$$"""{"method":"{{{Api}}}","status":1,"message":"{{{escaped}}}","data":{}}"""), added);
        Assert.Contains("\"total\":1,", (await _gateway.AdminAsync(HttpMethod.Get, Api)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NotAdmin_IsRefusedAsLinkisDoes()
    {
        var added = await _gateway.SendAsync(Request(HttpMethod.Post, Api, """{"tokenName":"TEST-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":-1}""").As("alice"));
        var listed = await _gateway.SendAsync(Request(HttpMethod.Get, Api).As("alice"));

        var refusal = $$$"""{"method":"{{{Api}}}","status":1,"message":"User \u0027alice\u0027 is not admin user[非管理员用户]","data":{}}""";
        Assert.Equal((400, refusal), added);
        Assert.Equal((400, refusal), listed);
        Assert.Contains("\"total\":0,", (await _gateway.AdminAsync(HttpMethod.Get, Api)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NotLoggedIn_Is401()
    {
        var listed = await _gateway.SendAsync(Request(HttpMethod.Get, Api));

        Assert.Equal((401, $$$"""{"method":"{{{Api}}}","status":-1,"message":"You are not logged in, please login first(您尚未登录，请先登录)!","data":{}}"""), listed);
    }

    [Fact]
    public async Task Check_AnyLoggedInUser_LearnsWhetherTheTokenServesAUser()
    {
        await AddTestAuthAsync(users: "alice");

        var forAlice = await _gateway.SendAsync(Request(HttpMethod.Get, Api + "/check?token=TEST-AUTH&checkName=alice").As("bob"));
        var forBob = await _gateway.SendAsync(Request(HttpMethod.Get, Api + "/check?token=TEST-AUTH&checkName=bob").As("bob"));
        var unknown = await _gateway.SendAsync(Request(HttpMethod.Get, Api + "/check?token=NOPE&checkName=alice").As("bob"));

        Assert.Equal((200, $$$"""{"method":"{{{Api}}}/check","status":0,"message":"OK","data":{"result":true}}"""), forAlice);
        Assert.Contains("\"result\":false", forBob.Body, StringComparison.Ordinal);
        Assert.Contains("\"result\":false", unknown.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/encrypt-token?token=TEST-AUTH")]
    [InlineData("/decrypt-token?token=TEST-AUTH")]
    [InlineData("/encrypt-token-all")]
    [InlineData("/decrypt-token-all")]
    public async Task CipherVariants_SayTokensCannotBeDecrypted(string path)
    {
        var answer = await _gateway.AdminAsync(HttpMethod.Get, Api + path);

        var method = Api + path.Split('?')[0];
        Assert.Equal(
            (400, $$$"""{"method":"{{{method}}}","status":1,"message":"Portico keeps only keyed hashes of tokens, which cannot be encrypted or decrypted; Linkis\u0027s RSA token mode (linkis.rsa.token.switch) is not supported.","data":{}}"""),
            answer);
    }

    [Fact]
    public async Task UnsupportedMethod_IsAFramework405()
    {
        var answer = await _gateway.AdminAsync(HttpMethod.Patch, Api);

        Assert.Equal((405, $$$"""{"method":"{{{Api}}}","status":405,"message":"Method Not Allowed","data":[]}"""), answer);
    }

    [Fact]
    public async Task Get_NonNumericId_IsAnError()
    {
        var answer = await _gateway.AdminAsync(HttpMethod.Get, Api + "/abc");

        Assert.Equal((400, $$$"""{"method":"{{{Api}}}/abc","status":1,"message":"id \u0027abc\u0027 is not a token id (a whole number).","data":{}}"""), answer);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/basedata-manager/udf-tree")]
    [InlineData("/api/rest_j/v1/basedata-manager/gateway-auth-tokens")]
    public async Task OtherBasedataManagerPaths_GoToThePublicService(string path)
    {
        using var response = await _gateway.Client.SendAsync(Request(HttpMethod.Get, path).As("hadoop", admin: true));

        var probe = await LinkisProbe.ReadAsync(response);
        Assert.Equal("lb://linkis-ps-publicservice" + path, probe.Url);
    }
}
