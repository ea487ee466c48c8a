using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Linkis;
using Portico.Security.Linkis;
using Portico.Tests.TestSupport;
using static Portico.Tests.Security.Linkis.LinkisSecurityTestHost;

namespace Portico.Tests.Security.Linkis;

public class LinkisSecurityFilterTests
{
    private const string JobHistory = "/api/rest_j/v1/jobhistory/list";
    private const string NotLoggedInJson =
        "{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"You are not logged in, please login first(您尚未登录，请先登录)!\",\"data\":{}}";

    private static string Body(GatewayExchange exchange) => Security.SecurityTestHost.Body(exchange);

    [Fact]
    public void Order_IsTheLinkisSecuritySlot()
    {
        using var host = Create();
        Assert.Equal(LinkisFilterOrder.Security, host.Filter.Order);
        Assert.Equal(-10, host.Filter.Order);
    }

    [Fact]
    public async Task NotALinkisRoute_PassesUntouched()
    {
        using var host = Create();
        var exchange = host.PlainExchange(JobHistory);

        Assert.True(await host.RunAsync(exchange));
        Assert.Null(exchange.HttpContext.GetLinkisIdentity());
    }

    [Fact]
    public async Task SecurityDisabled_PassesUntouched()
    {
        using var host = Create(enabled: false);
        var exchange = host.Exchange(JobHistory);

        Assert.True(await host.RunAsync(exchange));
        Assert.Null(exchange.HttpContext.GetLinkisIdentity());
    }

    [Fact]
    public async Task NoSession_Answers401WithLinkisMessage()
    {
        using var host = Create();
        var exchange = host.Exchange(JobHistory + "?page=1");

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(StatusCodes.Status401Unauthorized, exchange.Response.StatusCode);
        Assert.Equal("application/json;charset=UTF-8", exchange.Response.ContentType);
        Assert.Equal(NotLoggedInJson, Body(exchange));
    }

    [Fact]
    public async Task LiveSession_ContinuesAsTheUser()
    {
        using var host = Create();
        var ticket = await host.LoginAsync("alice");
        var exchange = host.Exchange(JobHistory, headers: [Header("Cookie", "other=1; linkis_user_session_ticket_id_v1=" + ticket)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal(new LinkisIdentity("alice", LinkisAuthenticationMethod.Session, false, ticket), exchange.HttpContext.GetLinkisIdentity());
        Assert.Equal("other=1; linkis_user_session_ticket_id_v1=" + ticket, exchange.Request.Headers.Cookie.ToString());
    }

    [Fact]
    public async Task AdminSession_IsAdmin()
    {
        using var host = Create();
        var ticket = await host.LoginAsync("hadoop");
        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.True(exchange.HttpContext.GetLinkisIdentity()!.IsAdmin);
    }

    [Fact]
    public async Task FirstTicketCookieCounts()
    {
        using var host = Create();
        var ticket = await host.LoginAsync("alice");
        var exchange = host.Exchange(JobHistory, headers: [Header("Cookie", "linkis_user_session_ticket_id_v1=forged; linkis_user_session_ticket_id_v1=" + ticket)]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("truncated")]
    [InlineData("not-remembered")]
    [InlineData("other-key")]
    [InlineData("logged-out")]
    public async Task TicketWithoutLiveSession_Answers401(string kind)
    {
        using var host = Create();
        var valid = await host.LoginAsync("alice");
        var ticket = kind switch
        {
            "forged" => Convert.ToBase64String(new byte[48]),
            "truncated" => valid[..^6],
            "not-remembered" => host.Cipher.Issue("alice", host.Time.GetUtcNow()),
            "other-key" => new Portico.Security.Linkis.Tickets.LinkisTicketCipher("another-crypt-key-0123456789", "bfs_").Issue("alice", host.Time.GetUtcNow()),
            _ => valid,
        };
        if (kind == "logged-out")
        {
            Assert.True(await host.Sessions.RevokeAsync(valid, default));
        }

        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(NotLoggedInJson, Body(exchange));
    }

    [Fact]
    public async Task ExpiredSession_Answers401()
    {
        using var host = Create();
        var ticket = await host.LoginAsync("alice");
        host.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task InternalRpcTicketHeader_ContinuesAsTheRpcUser()
    {
        using var host = Create();
        var ticket = host.Cipher.Issue(LinkisSessionService.InternalRpcUser, host.Time.GetUtcNow());
        var exchange = host.Exchange(JobHistory, headers: [Header("linkis_user_session_ticket_id_v1", ticket)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal(new LinkisIdentity(LinkisSessionService.InternalRpcUser, LinkisAuthenticationMethod.InternalRpcHeader, false, ticket), exchange.HttpContext.GetLinkisIdentity());
    }

    [Fact]
    public async Task TicketHeaderOfAnotherUser_Answers401()
    {
        using var host = Create();
        var ticket = host.Cipher.Issue("alice", host.Time.GetUtcNow());
        var exchange = host.Exchange(JobHistory, headers: [Header("linkis_user_session_ticket_id_v1", ticket)]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Theory]
    [InlineData("/dws/anything")]
    [InlineData("/api/rest_j/v1/dss/x")]
    public async Task PassAuthPrefix_ContinuesAnonymously(string path)
    {
        using var host = Create("access:\n  pass-auth-prefixes: [/dws/, /api/rest_j/v1/dss/]");
        var exchange = host.Exchange(path, role: path.StartsWith("/dws/", StringComparison.Ordinal) ? LinkisRoutes.Dws : LinkisRoutes.Api);

        Assert.True(await host.RunAsync(exchange));
        Assert.Same(LinkisIdentity.Anonymous, exchange.HttpContext.GetLinkisIdentity());
    }

    [Fact]
    public async Task PassAuth_IsDecidedOnTheNormalisedPath()
    {
        using var host = Create();

        // The raw target names /dws/ but the request resolves (and is forwarded) to the entrance.
        var exchange = host.Exchange("/api/rest_j/v1/entrance/submit", "POST", rawTarget: "/dws/../api/rest_j/v1/entrance/submit");

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task NoAuthPattern_WholePathMatch_ContinuesAnonymously()
    {
        using var host = Create();
        var exchange = host.Exchange("/api/rest_j/v1/visualis/share/view");

        Assert.True(await host.RunAsync(exchange));
        Assert.Same(LinkisIdentity.Anonymous, exchange.HttpContext.GetLinkisIdentity());
    }

    [Fact]
    public async Task NoAuthPattern_PartialMatch_Answers401()
    {
        using var host = Create("access:\n  no-auth-pattern: /api/rest_j/v1/public");
        var exchange = host.Exchange("/api/rest_j/v1/public/x");

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task NoAuthPattern_Empty_IsOff()
    {
        using var host = Create("access:\n  no-auth-pattern: \"\"");
        var exchange = host.Exchange("/api/rest_j/v1/visualis/share/view");

        Assert.False(await host.RunAsync(exchange));
    }

    [Fact]
    public async Task LiveSession_WinsOverNoAuthPattern()
    {
        using var host = Create();
        var ticket = await host.LoginAsync("alice");
        var exchange = host.Exchange("/api/rest_j/v1/visualis/share/view", headers: [TicketCookie(ticket)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("alice", exchange.HttpContext.GetLinkisIdentity()!.UserName);
    }

    [Fact]
    public async Task TestMode_LogsInTheTestUserOnResponseAndForwardedRequest()
    {
        using var host = Create("access:\n  test-mode: true\n  test-user: tester");
        var exchange = host.Exchange(JobHistory, headers: [Header("Cookie", "a=1")]);

        Assert.True(await host.RunAsync(exchange));
        var identity = exchange.HttpContext.GetLinkisIdentity()!;
        Assert.Equal(LinkisAuthenticationMethod.TestMode, identity.Method);
        Assert.Equal("tester", identity.UserName);
        Assert.Equal("a=1;linkis_user_session_ticket_id_v1=" + identity.Ticket, exchange.Request.Headers.Cookie.ToString());
        Assert.Equal("linkis_user_session_ticket_id_v1=" + identity.Ticket + "; Path=/", exchange.Response.Headers.SetCookie.ToString());
        Assert.Equal("tester", host.Sessions.Resolve(identity.Ticket, null).UserName);
    }

    [Fact]
    public async Task TokenRequest_TokensOff_Answers401Disabled()
    {
        using var host = Create();
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"Gateway未启用token认证，请采用其他认证方式!\",\"data\":{}}", Body(exchange));
        Assert.Equal(0, host.Tokens.Calls);
    }

    [Fact]
    public async Task TokenRequest_NoAuthenticatorRegistered_Answers401Disabled()
    {
        using var host = Create("tokens:\n  enabled: true", tokens: false);
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Contains("Gateway未启用token认证", Body(exchange), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_BlankValues_Answers401Missing()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", " "), Header("Token-User", "alice")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal("{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"请在Header或Cookie中同时指定Token-Code 和 Token-User，以便完成token认证！\",\"data\":{}}", Body(exchange));
        Assert.Equal(0, host.Tokens.Calls);
    }

    [Fact]
    public async Task TokenRequest_OnlyOneHeader_IsASessionRequest()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken)]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(NotLoggedInJson, Body(exchange));
        Assert.Equal(0, host.Tokens.Calls);
    }

    [Fact]
    public async Task TokenRequest_Valid_ForwardsATicketAndSetsNoCookie()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("token-code", FakeTokenAuthenticator.GoodToken), Header("TOKEN-USER", "alice"), Header("Cookie", "a=1")]);

        Assert.True(await host.RunAsync(exchange));
        var identity = exchange.HttpContext.GetLinkisIdentity()!;
        Assert.Equal(LinkisAuthenticationMethod.Token, identity.Method);
        Assert.Equal("alice", identity.UserName);
        Assert.Equal("a=1;linkis_user_session_ticket_id_v1=" + identity.Ticket, exchange.Request.Headers.Cookie.ToString());
        Assert.Equal("alice", host.Cipher.Read(identity.Ticket).UserName);
        Assert.Equal(0, exchange.Response.Headers.SetCookie.Count);

        // Without Token-Alive the ticket is not a session.
        Assert.False(host.Sessions.Resolve(identity.Ticket, null).IsLoggedIn);
    }

    [Fact]
    public async Task TokenRequest_WithinASecond_ForwardsTheSameTicketForTheSameUserOnly()
    {
        using var host = Create("tokens:\n  enabled: true");
        async Task<string> ForwardedTicket(string user)
        {
            var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", user)]);
            Assert.True(await host.RunAsync(exchange));
            return exchange.HttpContext.GetLinkisIdentity()!.Ticket!;
        }

        var alice = await ForwardedTicket("alice");
        var bob = await ForwardedTicket("bob");
        host.Time.Advance(TimeSpan.FromMilliseconds(999));
        var aliceAgain = await ForwardedTicket("alice");
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        var aliceLater = await ForwardedTicket("alice");

        Assert.Equal(alice, aliceAgain);
        Assert.Equal("bob", host.Cipher.Read(bob).UserName);
        Assert.NotEqual(alice, aliceLater);
        Assert.Equal(host.Time.GetUtcNow(), host.Cipher.Read(aliceLater).LoginTime);

        // A reused ticket is no more a session than a fresh one.
        Assert.False(host.Sessions.Resolve(aliceAgain, null).IsLoggedIn);
    }

    [Fact]
    public async Task TokenRequest_Alive_GetsItsOwnTicketNotTheForwardedOne()
    {
        using var host = Create("tokens:\n  enabled: true");
        var plain = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);
        var alive = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice"), Header("Token-Alive", "true")]);

        Assert.True(await host.RunAsync(plain));
        Assert.True(await host.RunAsync(alive));

        var kept = alive.HttpContext.GetLinkisIdentity()!.Ticket;
        Assert.NotEqual(plain.HttpContext.GetLinkisIdentity()!.Ticket, kept);
        Assert.True(host.Sessions.Resolve(kept, null).IsLoggedIn);
    }

    [Fact]
    public async Task TokenRequest_Alive_ReusesItsLiveSessionAndReplacesARevokedOne()
    {
        using var host = Create("tokens:\n  enabled: true\n  alive-enabled: true");
        async Task<string> KeptTicket()
        {
            var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);
            Assert.True(await host.RunAsync(exchange));
            return exchange.HttpContext.GetLinkisIdentity()!.Ticket!;
        }

        var first = await KeptTicket();
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var again = await KeptTicket();
        Assert.Equal(first, again);

        // Logged out in the meantime: the next request gets a new session, not the revoked ticket.
        Assert.True(await host.Sessions.RevokeAsync(first, default));
        var replaced = await KeptTicket();
        Assert.NotEqual(first, replaced);
        Assert.True(host.Sessions.Resolve(replaced, null).IsLoggedIn);

        // After a minute the kept ticket is renewed; the old session lives on until its idle timeout.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await KeptTicket();
        Assert.NotEqual(replaced, renewed);
        Assert.True(host.Sessions.Resolve(renewed, null).IsLoggedIn);
        Assert.True(host.Sessions.Resolve(replaced, null).IsLoggedIn);
    }

    [Fact]
    public async Task TokenRequest_ReplacesTheClientsTicketCookieOnTheForwardedRequest()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice"), Header("Cookie", "linkis_user_session_ticket_id_v1=stale; b=2")]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("b=2;linkis_user_session_ticket_id_v1=" + exchange.HttpContext.GetLinkisIdentity()!.Ticket, exchange.Request.Headers.Cookie.ToString());
    }

    [Theory]
    [InlineData("Token-Alive", "TRUE")]
    [InlineData("Cookie", "Token-Alive=true")]
    public async Task TokenRequest_Alive_KeepsTheSession(string name, string value)
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice"), Header(name, value)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.True(host.Sessions.Resolve(exchange.HttpContext.GetLinkisIdentity()!.Ticket, null).IsLoggedIn);
    }

    [Fact]
    public async Task TokenRequest_AliveEnabled_KeepsEverySession()
    {
        using var host = Create("tokens:\n  enabled: true\n  alive-enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);

        Assert.True(await host.RunAsync(exchange));
        Assert.True(host.Sessions.Resolve(exchange.HttpContext.GetLinkisIdentity()!.Ticket, null).IsLoggedIn);
    }

    [Fact]
    public async Task TokenRequest_FromCookies_WhenHeadersAreBlank()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Cookie", "Token-Code=" + FakeTokenAuthenticator.GoodToken + "; Token-User=bob")]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("bob", exchange.HttpContext.GetLinkisIdentity()!.UserName);
        Assert.Equal((FakeTokenAuthenticator.GoodToken, "bob", "127.0.0.1"), host.Tokens.LastCall);
    }

    [Fact]
    public async Task TokenRequest_Invalid_Answers401WithTheAuthenticatorsMessage()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", "SECRET-TOKEN-VALUE"), Header("Token-User", "alice")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":-1,\"message\":\"Token Authentication Failed, token: SECR***，tokenUser: alice, reason: Token:SECR*** does not exist in the table(Token:SECR*** 表中不存在)!\",\"data\":{}}",
            Body(exchange));
        Assert.DoesNotContain("SECRET-TOKEN-VALUE", Body(exchange), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_HostIsTheResolvedClientAddress()
    {
        using var host = Create("tokens:\n  enabled: true");
        host.Addresses.Address = IPAddress.Parse("203.0.113.9");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("203.0.113.9", host.Tokens.LastCall!.Value.Host);
    }

    [Fact]
    public async Task TokenRequest_AdminUser_IsAdmin()
    {
        using var host = Create("tokens:\n  enabled: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "hadoop")]);

        Assert.True(await host.RunAsync(exchange));
        Assert.True(exchange.HttpContext.GetLinkisIdentity()!.IsAdmin);
    }

    [Fact]
    public async Task UserUri_IsHandedToTheUserEndpoints()
    {
        using var host = Create();
        var exchange = host.Exchange("/api/rest_j/v1/user/login", "POST");

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(["login"], host.UserEndpoints.Names);
        Assert.Equal("user endpoint login", Body(exchange));
        Assert.True(exchange.IsAlreadyRouted);
    }

    [Fact]
    public async Task UserUri_WithoutUserEndpoints_Answers404UnknownUri()
    {
        using var host = Create(userEndpoints: false);
        var exchange = host.Exchange("/api/rest_j/v1/user/heartbeat");

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(404, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"unknown request URI heartbeat\",\"data\":{}}", Body(exchange));
    }

    [Theory]
    [InlineData("/api/rest_j/v1/userXYZ/login")]
    [InlineData("/api/rest_j/v1/user")]
    public async Task PathsBesideTheUserUri_NeedALogin(string path)
    {
        using var host = Create();
        var exchange = host.Exchange(path);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Empty(host.UserEndpoints.Names);
    }

    [Fact]
    public async Task WebSocketHandshake_WithoutSession_Answers401()
    {
        using var host = Create();
        var exchange = host.Exchange("/ws/api/entrance/connect", role: LinkisRoutes.WebSocket);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal("{\"method\":\"/ws/api/entrance/connect\",\"status\":-1,\"message\":\"You are not logged in, please login first(您尚未登录，请先登录)!\",\"data\":{}}", Body(exchange));
    }

    [Fact]
    public async Task WebSocketHandshake_WithSession_Continues()
    {
        using var host = Create();
        var ticket = await host.LoginAsync("alice");
        var exchange = host.Exchange("/ws/api/entrance/connect", role: LinkisRoutes.WebSocket, headers: [TicketCookie(ticket)]);

        Assert.True(await host.RunAsync(exchange));
        Assert.Equal("alice", exchange.HttpContext.GetLinkisIdentity()!.UserName);
    }

    [Fact]
    public async Task Whitelist_AddressNotListed_Answers400()
    {
        using var host = Create("access:\n  ip-whitelist:\n    enabled: true\n    addresses: [10.0.0.0/8]");
        var exchange = host.Exchange(JobHistory, remoteIp: IPAddress.Parse("192.168.7.7"));

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(400, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"192.168.7.7 is not in whitelist\",\"data\":{}}", Body(exchange));
    }

    [Fact]
    public async Task Whitelist_IsCheckedBeforeTheUserEndpoints()
    {
        using var host = Create("access:\n  ip-whitelist:\n    enabled: true\n    addresses: [10.0.0.0/8]");
        var exchange = host.Exchange("/api/rest_j/v1/user/login", remoteIp: IPAddress.Parse("192.168.7.7"));

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(400, exchange.Response.StatusCode);
        Assert.Empty(host.UserEndpoints.Names);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("::ffff:10.1.2.3")]
    public async Task Whitelist_AddressInARange_GoesOn(string remote)
    {
        using var host = Create("access:\n  ip-whitelist:\n    enabled: true\n    addresses: [10.0.0.0/8]\n  pass-auth-prefixes: [/api/]");
        var exchange = host.Exchange(JobHistory, remoteIp: IPAddress.Parse(remote));

        Assert.True(await host.RunAsync(exchange));
    }

    [Fact]
    public async Task Whitelist_UsesTheSocketAddressNotTheClientAddress()
    {
        using var host = Create("access:\n  ip-whitelist:\n    enabled: true\n    addresses: [10.0.0.0/8]");
        host.Addresses.Address = IPAddress.Parse("10.0.0.1");
        var exchange = host.Exchange(JobHistory, remoteIp: IPAddress.Parse("192.168.7.7"), headers: [Header("X-Forwarded-For", "10.0.0.1")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(400, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task Whitelist_File_IsReadAndFollowed()
    {
        using var dir = new TempDirectory();
        var file = dir.File("auth.txt");
        await File.WriteAllTextAsync(file, "# office\n192.168.7.0/24\n");
        using var host = Create($"access:\n  pass-auth-prefixes: [/api/]\n  ip-whitelist:\n    enabled: true\n    file: {file}");

        Assert.True(await host.RunAsync(host.Exchange(JobHistory, remoteIp: IPAddress.Parse("192.168.7.7"))));
        Assert.False(await host.RunAsync(host.Exchange(JobHistory, remoteIp: IPAddress.Parse("192.168.8.7"))));
    }

    [Fact]
    public async Task Referer_NotAllowed_Answers412()
    {
        using var host = Create("access:\n  referer:\n    validate: true\n    allowed-hosts: [console.example.com]");
        var exchange = host.Exchange(JobHistory, headers: [Header("Referer", "https://evil.example.org/")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(412, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":2,\"message\":\"Unallowed cross-site request(不允许的跨站请求)！\",\"data\":{}}", Body(exchange));
    }

    [Fact]
    public async Task Referer_Missing_Answers412()
    {
        using var host = Create("access:\n  referer:\n    validate: true\n    allowed-hosts: [console.example.com]");
        var exchange = host.Exchange(JobHistory);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(412, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":2,\"message\":\"referer为空,不能继续访问\",\"data\":{}}", Body(exchange));
    }

    [Fact]
    public async Task Referer_MissingOnWebSocketHandshake_IsTolerated()
    {
        using var host = Create("access:\n  pass-auth-prefixes: [/ws/]\n  referer:\n    validate: true\n    allowed-hosts: [console.example.com]");
        var exchange = host.Exchange("/ws/api/entrance/connect", role: LinkisRoutes.WebSocket);

        Assert.True(await host.RunAsync(exchange));
    }

    [Fact]
    public async Task Referer_Patch_Answers412VerbTampering()
    {
        using var host = Create("access:\n  referer:\n    validate: true\n    allowed-hosts: [console.example.com]");
        var exchange = host.Exchange(JobHistory, "PATCH", headers: [Header("Referer", "https://console.example.com/#/home")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(412, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":2,\"message\":\"Do not use HTTP verbs to tamper with(不可使用HTTP动词篡改)！\",\"data\":{}}", Body(exchange));
    }

    [Fact]
    public async Task Referer_Allowed_GoesOnToAuthentication()
    {
        using var host = Create("access:\n  referer:\n    validate: true\n    allowed-hosts: [console.example.com, other.example.com]");
        var exchange = host.Exchange(JobHistory, "post", headers: [Header("Referer", " https://other.example.com/#/home ")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(NotLoggedInJson, Body(exchange));
    }

    [Fact]
    public async Task Referer_NoHostsConfigured_AllowsTheMachineName()
    {
        using var host = Create("access:\n  pass-auth-prefixes: [/api/]\n  referer:\n    validate: true");
        var exchange = host.Exchange(JobHistory, headers: [Header("Referer", "http://" + Dns.GetHostName() + ":8088/")]);

        Assert.True(await host.RunAsync(exchange));
    }

    [Fact]
    public async Task UserAccessControl_AddressNotListed_Answers400()
    {
        using var host = Create("access:\n  access-control:\n    user-enabled: true\n    users:\n      alice: 10.0.0.5,10.0.0.6");
        var ticket = await host.LoginAsync("alice");
        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)], remoteIp: IPAddress.Parse("10.0.0.7"));

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(400, exchange.Response.StatusCode);
        Assert.Equal(
            "{\"method\":null,\"status\":1,\"message\":\"Unauthorized access! User alice is prohibited from accessing from the current IP 10.0.0.7. (未授权的访问！用户alice禁止在当前IP10.0.0.7访问。)\",\"data\":{}}",
            Body(exchange));
    }

    [Theory]
    [InlineData("alice", "10.0.0.6", true)]
    [InlineData("bob", "10.0.0.7", true)]
    public async Task UserAccessControl_ListedOrUnlistedUser_GoesOn(string user, string remote, bool expected)
    {
        using var host = Create("access:\n  access-control:\n    user-enabled: true\n    users:\n      alice: 10.0.0.5,10.0.0.6");
        var ticket = await host.LoginAsync(user);
        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)], remoteIp: IPAddress.Parse(remote));

        Assert.Equal(expected, await host.RunAsync(exchange));
    }

    [Fact]
    public async Task UserAccessControl_Ipv6InJavaForm_Matches()
    {
        using var host = Create("access:\n  access-control:\n    user-enabled: true\n    users:\n      alice: \"0:0:0:0:0:0:0:1\"");
        var ticket = await host.LoginAsync("alice");
        var exchange = host.Exchange(JobHistory, headers: [TicketCookie(ticket)], remoteIp: IPAddress.IPv6Loopback);

        Assert.True(await host.RunAsync(exchange));
    }

    [Fact]
    public async Task UserAccessControl_Off_IgnoresTheLists()
    {
        using var host = Create("access:\n  access-control:\n    users:\n      alice: 10.0.0.5");
        var ticket = await host.LoginAsync("alice");

        Assert.True(await host.RunAsync(host.Exchange(JobHistory, headers: [TicketCookie(ticket)], remoteIp: IPAddress.Parse("10.0.0.7"))));
    }

    [Fact]
    public async Task UrlAccessControl_ListedAddressOtherPath_Answers400()
    {
        using var host = Create("access:\n  pass-auth-prefixes: [/dws/]\n  no-auth-pattern: .*\n  access-control:\n    enabled: true\n    ips: 10.0.0.5\n    urls: /api/rest_j/v1/entrance/submit,/api/rest_j/v1/jobhistory/list");

        var refused = host.Exchange("/api/rest_j/v1/udf/all", remoteIp: IPAddress.Parse("10.0.0.5"));
        Assert.False(await host.RunAsync(refused));
        Assert.Equal(400, refused.Response.StatusCode);
        Assert.Equal(
            "{\"method\":null,\"status\":1,\"message\":\"Unauthorized access! IP 10.0.0.5 is prohibited from accessing this URL. (未授权的访问！当前IP10.0.0.5禁止访问此URL。)\",\"data\":{}}",
            Body(refused));

        Assert.True(await host.RunAsync(host.Exchange(JobHistory, remoteIp: IPAddress.Parse("10.0.0.5"))));
        Assert.True(await host.RunAsync(host.Exchange("/api/rest_j/v1/udf/all", remoteIp: IPAddress.Parse("10.0.0.9"))));
        Assert.True(await host.RunAsync(host.Exchange("/dws/x", role: LinkisRoutes.Dws, remoteIp: IPAddress.Parse("10.0.0.5"))));
    }

    [Fact]
    public async Task UnexpectedFailure_Answers500InTheFrameworkShape()
    {
        using var host = Create("tokens:\n  enabled: true");
        host.Tokens.Throw = true;
        var exchange = host.Exchange(JobHistory, headers: [Header("Token-Code", FakeTokenAuthenticator.GoodToken), Header("Token-User", "alice")]);

        Assert.False(await host.RunAsync(exchange));
        Assert.Equal(500, exchange.Response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":500,\"message\":\"Internal Server Error, with request path:/api/rest_j/v1/jobhistory/list\",\"data\":[]}", Body(exchange));
        Assert.DoesNotContain("boom", Body(exchange), StringComparison.Ordinal);
    }
}
