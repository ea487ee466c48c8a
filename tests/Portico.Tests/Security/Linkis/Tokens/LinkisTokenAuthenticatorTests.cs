using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis.Tokens;
using static Portico.Tests.Security.Linkis.Tokens.TokenTestSupport;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class LinkisTokenAuthenticatorTests : IDisposable
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly LinkisTokenStore _store;
    private readonly LinkisTokenAuthenticator _authenticator;

    public LinkisTokenAuthenticatorTests()
    {
        _store = Store(new MemoryTokenPersistence(), _time);
        _authenticator = new LinkisTokenAuthenticator(_store, _time, NullLogger<LinkisTokenAuthenticator>.Instance);
    }

    public void Dispose() => _store.Dispose();

    private async Task<LinkisToken> AddAsync(string value, string users = "*", string hosts = "*", long elapseDay = -1) =>
        (await _store.CreateAsync(new LinkisTokenSpec { Value = value, LegalUsers = users, LegalHosts = hosts, ElapseDay = elapseDay }, "hadoop", default)).Token!;

    [Fact]
    public async Task Authenticate_KnownTokenAllowedUserAndHost_Succeeds()
    {
        await AddAsync("LINKIS-AUTH", users: "alice,bob", hosts: "10.0.0.5,127.0.0.1");

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default);

        Assert.Equal(LinkisTokenResult.Success("bob"), result);
    }

    [Theory]
    [InlineData(null, "token: null，tokenUser: bob, reason: errCode: 15205 ,desc: token is null(null 令牌参数为空)!")]
    [InlineData("", "token: ***，tokenUser: bob, reason: errCode: 15205 ,desc: token is null( 令牌参数为空)!")]
    public async Task Authenticate_NoToken_Is15205(string? token, string tail)
    {
        var result = await _authenticator.AuthenticateAsync(token, "bob", "127.0.0.1", default);

        Assert.Equal(LinkisTokenResult.Failure("Token Authentication Failed, " + tail, 15205), result);
    }

    [Fact]
    public async Task Authenticate_UnknownToken_Is15207WrappingMaskedToken()
    {
        await AddAsync("LINKIS-AUTH");

        var result = await _authenticator.AuthenticateAsync("WRONG-TOKEN-VALUE", "bob", "127.0.0.1", default);

        Assert.False(result.Succeeded);
        Assert.Equal(15207, result.ErrorCode);
        Assert.Null(result.UserName);
        Assert.Equal(
            "Token Authentication Failed, token: WRON***，tokenUser: bob, reason: errCode: 15207 ,desc: Token:WRON*** does not exist in the table(Token:WRON*** 表中不存在)!, Caused by:errCode: 15204 ,desc: Invalid Token(数据库中未配置的无效令牌)",
            result.Message);
    }

    [Fact]
    public async Task Authenticate_ExpiredToken_Is15201()
    {
        await AddAsync("LINKIS-AUTH", elapseDay: 2);
        _time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMilliseconds(1));

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default);

        Assert.Equal(
            LinkisTokenResult.Failure("Token Authentication Failed, token: LINK***，tokenUser: bob, reason: errCode: 15201 ,desc: Token is not valid or stale(LINK*** 令牌已过期)!", 15201),
            result);
    }

    [Fact]
    public async Task Authenticate_AtTheLastMillisecond_IsStillValid()
    {
        await AddAsync("LINKIS-AUTH", elapseDay: 2);
        _time.Advance(TimeSpan.FromDays(2));

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Authenticate_ExpiredAndIllegalUser_ReportsExpiryFirst()
    {
        await AddAsync("LINKIS-AUTH", users: "alice", hosts: "10.0.0.5", elapseDay: 1);
        _time.Advance(TimeSpan.FromDays(3));

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", "mallory", "10.6.6.6", default);

        Assert.Equal(15201, result.ErrorCode);
    }

    [Theory]
    [InlineData("alice,bob", "carol")]
    [InlineData("alice,bob", "Alice")]
    [InlineData("alice,bob", "alice,bob")]
    [InlineData("alice", "")]
    public async Task Authenticate_UserNotListed_Is15202(string users, string user)
    {
        await AddAsync("LINKIS-AUTH", users: users);

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", user, "127.0.0.1", default);

        Assert.Equal(
            LinkisTokenResult.Failure($"Token Authentication Failed, token: LINK***，tokenUser: {user}, reason: errCode: 15202 ,desc: Illegal TokenUser for Token(Token非法用户: {user})!", 15202),
            result);
    }

    [Fact]
    public async Task Authenticate_NullUserWithWildcard_Is15202()
    {
        await AddAsync("LINKIS-AUTH");

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", null, "127.0.0.1", default);

        Assert.Equal(
            LinkisTokenResult.Failure("Token Authentication Failed, token: LINK***，tokenUser: null, reason: errCode: 15202 ,desc: Illegal TokenUser for Token(Token非法用户: null)!", 15202),
            result);
    }

    [Theory]
    [InlineData("alice,*")]
    [InlineData("*")]
    public async Task Authenticate_WildcardUser_AdmitsAnyone(string users)
    {
        await AddAsync("LINKIS-AUTH", users: users);

        Assert.True((await _authenticator.AuthenticateAsync("LINKIS-AUTH", "anyone", "127.0.0.1", default)).Succeeded);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.6")]
    [InlineData("10.0.0.5,10.0.0.7", "10.0.0.50")]
    [InlineData("10.0.0.5", null)]
    public async Task Authenticate_HostNotListed_Is15203(string hosts, string? host)
    {
        await AddAsync("LINKIS-AUTH", hosts: hosts);

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", host, default);

        var shown = host ?? "null";
        Assert.Equal(
            LinkisTokenResult.Failure($"Token Authentication Failed, token: LINK***，tokenUser: bob, reason: errCode: 15203 ,desc: Illegal Host for Token(非法ip: {shown})!", 15203),
            result);
    }

    [Fact]
    public async Task Authenticate_IllegalUserAndHost_ReportsUserFirst()
    {
        await AddAsync("LINKIS-AUTH", users: "alice", hosts: "10.0.0.5");

        var result = await _authenticator.AuthenticateAsync("LINKIS-AUTH", "mallory", "10.6.6.6", default);

        Assert.Equal(15202, result.ErrorCode);
    }

    [Fact]
    public async Task Authenticate_AfterAChange_SeesItAtOnce()
    {
        var token = await AddAsync("LINKIS-AUTH", users: "alice");
        Assert.Equal(15202, (await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default)).ErrorCode);

        await _store.UpdateAsync(token.Id, new LinkisTokenSpec { LegalUsers = "alice,bob" }, "admin", default);
        Assert.True((await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default)).Succeeded);

        await _store.DeleteAsync(token.Id, "admin", default);
        Assert.Equal(15207, (await _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default)).ErrorCode);
    }

    [Fact]
    public async Task Authenticate_CompletesSynchronously()
    {
        await AddAsync("LINKIS-AUTH");

        var pending = _authenticator.AuthenticateAsync("LINKIS-AUTH", "bob", "127.0.0.1", default);

        Assert.True(pending.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Authenticate_NeverEchoesTheWholeToken()
    {
        const string Secret = "0123456789abcdefSECRET";
        var result = await _authenticator.AuthenticateAsync(Secret, "bob", "127.0.0.1", default);

        Assert.DoesNotContain("SECRET", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4567", result.Message, StringComparison.Ordinal);
        Assert.StartsWith("Token Authentication Failed, token: 0123***，", result.Message, StringComparison.Ordinal);
    }
}
