using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Passwords;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Throttling;
using Portico.Security.Linkis.Tickets;
using Portico.Testing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis;

public sealed class LinkisLoginServiceTests : IDisposable
{
    private const string Key = "login-service-key-0123456789";
    private readonly ManualTimeProvider _time = new();
    private readonly TempDirectory _dir = new();
    private readonly TestSecuritySettings _settings;
    private readonly SessionStore _store;
    private readonly LinkisTicketCipher _cipher = new(Key, "bfs_");
    private readonly ProxyUserMap _proxy;
    private readonly LinkisSessionService _sessions;
    private readonly LinkisLoginService _login;

    public LinkisLoginServiceTests()
    {
        File.WriteAllText(_dir.File("proxy.properties"), "mapped=etl_user\nvc-1=hive,spark,Presto\n");
        _settings = new TestSecuritySettings(new LinkisSecurityConfig
        {
            CryptKey = Key,
            AdminUser = "hadoop",
            AdminPassword = "admin-pw",
            SessionTimeout = TimeSpan.FromHours(1),
            ProxyUser = new ProxyUserConfig { Enabled = true, File = _dir.File("proxy.properties") },
            LoginThrottle = new LoginThrottleConfig { MaxFailuresPerUser = 3, MaxFailuresPerAddress = 10, Window = TimeSpan.FromMinutes(5) },
        });
        _store = new SessionStore(new MemorySessionPersistence(), _settings, _time, NullLogger<SessionStore>.Instance);
        _proxy = new ProxyUserMap(_settings, NullLogger<ProxyUserMap>.Instance);
        _sessions = new LinkisSessionService(_cipher, _store, _proxy, _settings, _time, NullLogger<LinkisSessionService>.Instance);
        var chain = new PasswordAuthenticatorChain(
            [new AdminPasswordAuthenticator(_settings), new FixedUsers(("mapped", "pw"), ("Carol", "pw"))],
            NullLogger<PasswordAuthenticatorChain>.Instance);
        _login = new LinkisLoginService(chain, new LoginThrottle(_settings, _time), _sessions, _store, _proxy, _settings, NullLogger<LinkisLoginService>.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _proxy.Dispose();
        _dir.Dispose();
    }

    private ValueTask<LinkisUserResult> Login(string? user, string? password, string? ticket = null, string address = "10.0.0.1", bool web = false) =>
        _login.LoginAsync(new LinkisLoginRequest(user, password, address, "gw.example.com", web, ticket), default);

    [Fact]
    public async Task Login_Admin_SucceedsWithLinkisDataAndTicketCookie()
    {
        var result = await Login("hadoop", "admin-pw");

        Assert.Equal(0, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal("login successful(登录成功)！", result.Message);
        Assert.Equal(
            [new("userName", "hadoop"), new("isAdmin", true), new("sessionTimeOut", 3_600_000L), new("enableWatermark", true)],
            result.Data);
        Assert.Equal(2, result.SetCookies.Count);
        Assert.StartsWith("linkis_user_session_ticket_id_v1=", result.SetCookies[0], StringComparison.Ordinal);
        Assert.Equal("linkis_user_session_proxy_ticket_id_v1=; Max-Age=0; Path=/", result.SetCookies[1]);

        var ticket = TicketOf(result);
        Assert.Equal("hadoop", _cipher.Read(ticket).UserName);
        Assert.Equal("hadoop", _sessions.Resolve(ticket, null).UserName);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns400WithLinkisTextAndNoCookie()
    {
        var result = await Login("hadoop", "nope");

        Assert.Equal(1, result.Status);
        Assert.Equal(400, result.HttpStatus);
        Assert.Equal("wrong user name or password(用户名或密码错误)！", result.Message);
        Assert.Equal([new("sessionTimeOut", 3_600_000L), new("enableWatermark", true)], result.Data);
        Assert.Empty(result.SetCookies);
        Assert.Equal(0, _store.Count);
    }

    [Theory]
    [InlineData(null, "pw", "Username can not be empty(用户名不能为空)！")]
    [InlineData("  ", "pw", "Username can not be empty(用户名不能为空)！")]
    [InlineData("hadoop", "", "Password can not be blank(密码不能为空)！")]
    [InlineData("hadoop", null, "Password can not be blank(密码不能为空)！")]
    public async Task Login_BlankInput_ReturnsLinkisValidationText(string? user, string? password, string message)
    {
        var result = await Login(user, password);

        Assert.Equal(400, result.HttpStatus);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task Login_AlreadyLoggedIn_AnswersWithoutNewSession()
    {
        var ticket = TicketOf(await Login("hadoop", "admin-pw"));

        var result = await Login("hadoop", "admin-pw", ticket);

        Assert.Equal(200, result.HttpStatus);
        Assert.Equal("hadoop already logged in, please log out before signing in(已经登录，请先退出再进行登录)！", result.Message);
        Assert.Empty(result.SetCookies);
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public async Task Login_ProxyMappedUser_TicketIsForProxyUser()
    {
        var result = await Login("mapped", "pw");

        Assert.Equal(new KeyValuePair<string, object?>("userName", "mapped"), result.Data[0]);
        Assert.Equal("etl_user", result.SessionUser);
        Assert.Equal("etl_user", _cipher.Read(TicketOf(result)).UserName);
    }

    [Fact]
    public async Task Login_SystemUserOnWebLogin_IsProhibitedWhenSwitchedOn()
    {
        _settings.Current = _settings.Current with { ProhibitSystemUserLogin = true };

        Assert.Equal("System users are prohibited from logging in（系统用户禁止登录）！", (await Login("Hadoop_ops", "x", web: true)).Message);
        Assert.Equal("login successful(登录成功)！", (await Login("hadoop", "admin-pw", web: false)).Message);
    }

    [Fact]
    public async Task Login_RepeatedFailures_Throttled429UntilTheDelayPasses()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(400, (await Login("hadoop", "guess" + i)).HttpStatus);
        }

        var throttled = await Login("hadoop", "admin-pw");
        Assert.Equal(429, throttled.HttpStatus);
        Assert.Equal(1, throttled.RetryAfterSeconds);
        Assert.Contains("in 1 seconds", throttled.Message, StringComparison.Ordinal);
        Assert.Empty(throttled.SetCookies);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await Login("hadoop", "admin-pw")).HttpStatus);
    }

    [Fact]
    public async Task Login_RefusedRepeatedly_LogsTheRefusalAtABoundedRate()
    {
        using var logs = new Portico.Tests.Observability.CapturingLoggerProvider();
        var chain = new PasswordAuthenticatorChain([new AdminPasswordAuthenticator(_settings)], NullLogger<PasswordAuthenticatorChain>.Instance);
        var login = new LinkisLoginService(
            chain, new LoginThrottle(_settings, _time), _sessions, _store, _proxy, _settings, new Logger<LinkisLoginService>(new LoggerFactory([logs])), _time);
        for (var i = 0; i < 3; i++)
        {
            await login.LoginAsync(new LinkisLoginRequest("hadoop", "guess", "10.0.0.1", null), default);
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(429, (await login.LoginAsync(new LinkisLoginRequest("hadoop", "guess", "10.0.0.1", null), default)).HttpStatus);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        await login.LoginAsync(new LinkisLoginRequest("hadoop", "guess", "10.0.0.1", null), default);
        await login.LoginAsync(new LinkisLoginRequest("hadoop", "guess", "10.0.0.1", null), default);

        var refusals = logs.Entries.Where(e => e.EventId.Id == 2208).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Equal(49L, refusals[1].Values["HeldBack"]);
        Assert.Contains("too many failures per UserAndAddress", refusals[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_StoreUnavailable_FailsWithoutCountingTowardsThrottle()
    {
        var chain = new PasswordAuthenticatorChain([new Unreachable()], NullLogger<PasswordAuthenticatorChain>.Instance);
        var throttle = new LoginThrottle(_settings, _time);
        var login = new LinkisLoginService(chain, throttle, _sessions, _store, _proxy, _settings, NullLogger<LinkisLoginService>.Instance);

        for (var i = 0; i < 5; i++)
        {
            var result = await login.LoginAsync(new LinkisLoginRequest("alice", "pw", "10.0.0.1", null), default);
            Assert.Equal(400, result.HttpStatus);
            Assert.Equal(LinkisUserMessages.WrongCredentials, result.Message);
        }

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public async Task Login_HugeOrSqlLookingNames_AreJustWrongCredentials()
    {
        Assert.Equal(400, (await Login(new string('x', 100_000), "pw")).HttpStatus);
        Assert.Equal(400, (await Login("admin' OR '1'='1' --", "' OR 1=1 --", address: "10.0.0.2")).HttpStatus);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Logout_RevokesSessionAndClearsBothCookies()
    {
        var ticket = TicketOf(await Login("hadoop", "admin-pw"));

        var result = await _login.LogoutAsync(ticket, "gw.example.com", default);

        Assert.Equal(200, result.HttpStatus);
        Assert.Equal("Logout successful(退出登录成功)！", result.Message);
        Assert.Equal(["linkis_user_session_ticket_id_v1=; Max-Age=0; Path=/", "linkis_user_session_proxy_ticket_id_v1=; Max-Age=0; Path=/"], result.SetCookies);
        Assert.False(_sessions.Resolve(ticket, null).IsLoggedIn);
    }

    [Fact]
    public async Task Logout_NotLoggedIn_StillSucceeds()
    {
        Assert.Equal(200, (await _login.LogoutAsync(null, null, default)).HttpStatus);
    }

    [Fact]
    public async Task ProxyLogin_AllowedCode_LogsInLowerCasedProxyUser()
    {
        var result = await _login.ProxyLoginAsync("Presto", "vc-1", null, default);

        Assert.Equal(200, result.HttpStatus);
        Assert.Equal("代理成功", result.Message);
        Assert.Equal([new("proxyUser", "presto")], result.Data);
        Assert.Equal("presto", _sessions.Resolve(TicketOf(result), null).UserName);
    }

    [Theory]
    [InlineData("PRESTO", "vc-1")]
    [InlineData("hive", "vc-2")]
    [InlineData(null, "vc-1")]
    [InlineData("hive", null)]
    public async Task ProxyLogin_NotAllowed_ValidationFailed(string? user, string? code)
    {
        var result = await _login.ProxyLoginAsync(user, code, null, default);

        Assert.Equal(400, result.HttpStatus);
        Assert.Equal("Validation failed", result.Message);
    }

    [Fact]
    public async Task Resolve_TicketAuthenticButNotInSessionMap_IsNotLoggedIn()
    {
        var forgedFromKey = _cipher.Issue("hadoop", _time.GetUtcNow());

        Assert.False(_sessions.Resolve(forgedFromKey, null).IsLoggedIn);
        await Task.CompletedTask;
    }

    [Fact]
    public void Resolve_InternalRpcHeaderTicket_IsAcceptedOnlyForRpcUser()
    {
        var rpc = _cipher.Issue("dataworkcloud_rpc_user", _time.GetUtcNow());
        var other = _cipher.Issue("hadoop", _time.GetUtcNow());

        Assert.Equal(new LinkisSessionResolution("dataworkcloud_rpc_user", LinkisSessionSource.InternalRpcHeader), _sessions.Resolve(null, rpc));
        Assert.False(_sessions.Resolve(null, other).IsLoggedIn);
        Assert.False(_sessions.Resolve("unknown", "garbage").IsLoggedIn);
    }

    [Fact]
    public async Task Resolve_ExpiredSession_DoesNotFallBackToHeader()
    {
        var ticket = TicketOf(await Login("hadoop", "admin-pw"));
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.False(_sessions.Resolve(ticket, _cipher.Issue("dataworkcloud_rpc_user", _time.GetUtcNow())).IsLoggedIn);
    }

    private static string TicketOf(LinkisUserResult result)
    {
        var cookie = result.SetCookies[0];
        var start = cookie.IndexOf('=', StringComparison.Ordinal) + 1;
        return cookie[start..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private sealed class Unreachable : IPasswordAuthenticator
    {
        public string Name => "unreachable";

        public ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PasswordAuthenticationResult.Unavailable);
    }

    private sealed class FixedUsers(params (string Name, string Password)[] users) : IPasswordAuthenticator
    {
        public string Name => "fixed";

        public ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
        {
            foreach (var (name, pw) in users)
            {
                if (name == userName && pw == password)
                {
                    return ValueTask.FromResult(PasswordAuthenticationResult.Success(name, false));
                }
            }

            return ValueTask.FromResult(PasswordAuthenticationResult.Rejected);
        }
    }
}
