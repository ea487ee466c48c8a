using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Linkis;
using Portico.Linkis.Parsing;
using Portico.Security.ClientAddress;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Passwords;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Throttling;
using Portico.Security.Linkis.Tickets;
using Portico.Security.Linkis.Tokens;
using Portico.Security.Linkis.Users;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.Users;

/// <summary>
/// The user endpoints over the real session, login, throttle and proxy-user services, an in-memory session store and a
/// manual clock; requests are <see cref="LinkisRequestContext"/>s over test exchanges.
/// </summary>
internal sealed class UserEndpointsHarness : IDisposable
{
    public const string Key = "user-endpoints-key-0123456789";
    public const string UserPath = "/api/rest_j/v1/user/";

    private readonly TempDirectory _dir = new();
    private readonly ServiceProvider _services;

    public UserEndpointsHarness(Func<LinkisSecurityConfig, LinkisSecurityConfig>? configure = null, ILinkisSsoInterceptor? sso = null, ILinkisTokenAuthenticator? tokens = null)
    {
        File.WriteAllText(_dir.File("proxy.properties"), "mapped=etl_user\nvc-1=hive,spark,Presto\n");
        var config = new LinkisSecurityConfig
        {
            Enabled = true,
            CryptKey = Key,
            AdminUser = "hadoop",
            AdminPassword = "admin-pw",
            SessionTimeout = TimeSpan.FromHours(1),
            ProxyUser = new ProxyUserConfig { Enabled = true, File = _dir.File("proxy.properties") },
            LoginThrottle = new LoginThrottleConfig { MaxFailuresPerUser = 3, MaxFailuresPerAddress = 50, Window = TimeSpan.FromMinutes(5) },
            Tokens = new LinkisTokenConfig { Enabled = true },
        };
        Settings = new TestSecuritySettings(configure is null ? config : configure(config));
        Store = new SessionStore(new MemorySessionPersistence(), Settings, Time, NullLogger<SessionStore>.Instance);
        ProxyUsers = new ProxyUserMap(Settings, NullLogger<ProxyUserMap>.Instance);
        Sessions = new LinkisSessionService(Cipher, Store, ProxyUsers, Settings, Time, NullLogger<LinkisSessionService>.Instance);
        var chain = new PasswordAuthenticatorChain(
            [new AdminPasswordAuthenticator(Settings), new FixedUsers(("alice", "alice-pw"), ("mapped", "pw"), ("hduser01", "pw"))],
            NullLogger<PasswordAuthenticatorChain>.Instance);
        Throttle = new LoginThrottle(Settings, Time);
        var logins = new LinkisLoginService(chain, Throttle, Sessions, Store, ProxyUsers, Settings, NullLogger<LinkisLoginService>.Instance);
        var collection = new ServiceCollection();
        if (sso is not null)
        {
            collection.AddSingleton(sso);
        }

        _services = collection.BuildServiceProvider();
        var addresses = new SocketAddressResolver();
        OAuthClient = new LinkisOAuthClient(TimeProvider.System);
        Endpoints = new LinkisUserEndpoints(
            new LinkisLoginEndpoints(logins, Sessions, Throttle, Settings, addresses, LoginKey, NullLogger<LinkisLoginEndpoints>.Instance, tokens ?? new FakeTokens()),
            new LinkisOAuthLogin(OAuthClient, Sessions, Settings, addresses, NullLogger<LinkisOAuthLogin>.Instance),
            logins,
            Sessions,
            Settings,
            LoginKey,
            new LinkisSso(_services.GetServices<ILinkisSsoInterceptor>(), Settings),
            Time,
            NullLogger<LinkisUserEndpoints>.Instance);
    }

    public ManualTimeProvider Time { get; } = new();

    public TestSecuritySettings Settings { get; }

    public LinkisTicketCipher Cipher { get; } = new(Key, "bfs_");

    public SessionStore Store { get; }

    public ProxyUserMap ProxyUsers { get; }

    public LinkisSessionService Sessions { get; }

    public LoginThrottle Throttle { get; }

    public LinkisLoginKeyPair LoginKey { get; } = new();

    public LinkisOAuthClient OAuthClient { get; }

    public LinkisUserEndpoints Endpoints { get; }

    /// <summary>The node named in 11002 texts.</summary>
    public static LinkisConfig LinkisConfig { get; } = new() { Enabled = true, GatewayInstance = "gw-node:9001" };

    /// <summary>Sends <paramref name="method"/> to the endpoint <paramref name="nameAndQuery"/>.</summary>
    public async Task<UserAnswer> SendAsync(
        string method,
        string nameAndQuery,
        string? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string? ticket = null,
        string clientIp = "10.1.2.3")
    {
        var allHeaders = new List<KeyValuePair<string, string>>(headers ?? []);
        if (ticket is not null)
        {
            allHeaders.Add(new("Cookie", "linkis_user_session_ticket_id_v1=" + ticket));
        }

        var exchange = TestExchange.Create(method, UserPath + nameAndQuery, allHeaders, host: "gw.example.com", remoteIp: IPAddress.Parse(clientIp));
        var context = new LinkisRequestContext(exchange, new LinkisSettings(LinkisConfig));
        if (!HttpMethods.IsGet(method))
        {
            context.Body = new LinkisRequestBody(Encoding.UTF8.GetBytes(body ?? ""), Encoding.UTF8);
        }

        var q = nameAndQuery.IndexOf('?', StringComparison.Ordinal);
        await Endpoints.HandleAsync(context, q < 0 ? nameAndQuery : nameAndQuery[..q]);
        var response = exchange.HttpContext.Response;
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body, Encoding.UTF8);
        return new UserAnswer(response.StatusCode, await reader.ReadToEndAsync(), response.Headers);
    }

    /// <summary>Logs <paramref name="user"/> in with a password and returns the ticket.</summary>
    public async Task<string> LoginAsync(string user = "alice", string password = "alice-pw")
    {
        var answer = await SendAsync("POST", "login", $$"""{"userName":"{{user}}","password":"{{password}}"}""");
        Assert.Equal(200, answer.Status);
        return answer.Ticket!;
    }

    public void Dispose()
    {
        Store.Dispose();
        ProxyUsers.Dispose();
        LoginKey.Dispose();
        OAuthClient.Dispose();
        _services.Dispose();
        _dir.Dispose();
    }

    /// <summary>The client is the socket peer (no trusted proxies).</summary>
    private sealed class SocketAddressResolver : IClientAddressResolver
    {
        public IPAddress? GetClientAddress(HttpContext context) => context.Connection.RemoteIpAddress;
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

/// <summary>A token table of one token, <c>good-token</c>, for <c>alice</c> and <c>mapped</c> from 10.0.0.0/8 only.</summary>
internal sealed class FakeTokens : ILinkisTokenAuthenticator
{
    public List<(string? Code, string? User, string? Host)> Calls { get; } = [];

    public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken)
    {
        Calls.Add((tokenCode, tokenUser, clientHost));
        if (tokenCode != "good-token")
        {
            return ValueTask.FromResult(LinkisTokenResult.Failure(
                $"Token Authentication Failed, token: {Mask(tokenCode)}，tokenUser: {tokenUser}, reason: errCode: 15207 ,desc: Token:{Mask(tokenCode)} does not exist in the table(Token:{Mask(tokenCode)} 表中不存在)!",
                15207));
        }

        if (tokenUser is not ("alice" or "mapped"))
        {
            return ValueTask.FromResult(LinkisTokenResult.Failure($"Token Authentication Failed, token: good***，tokenUser: {tokenUser}, reason: errCode: 15202 ,desc: Illegal TokenUser for Token(Token非法用户: {tokenUser})!", 15202));
        }

        return ValueTask.FromResult(clientHost?.StartsWith("10.", StringComparison.Ordinal) == true
            ? LinkisTokenResult.Success(tokenUser)
            : LinkisTokenResult.Failure($"Token Authentication Failed, token: good***，tokenUser: {tokenUser}, reason: errCode: 15203 ,desc: Illegal Host for Token(非法ip: {clientHost})!", 15203));
    }

    private static string Mask(string? token) => token is null || token.Length <= 4 ? "***" : token[..4] + "***";
}

/// <summary>What an endpoint answered.</summary>
internal sealed record UserAnswer(int Status, string Json, IHeaderDictionary Headers)
{
    public string[] SetCookies => Headers.SetCookie.ToArray()!;

    /// <summary>The ticket of the first Set-Cookie that sets a non-empty ticket cookie, or null.</summary>
    public string? Ticket
    {
        get
        {
            foreach (var cookie in SetCookies)
            {
                const string prefix = "linkis_user_session_ticket_id_v1=";
                if (cookie.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var value = cookie[prefix.Length..cookie.IndexOf(';', StringComparison.Ordinal)];
                    if (value.Length > 0)
                    {
                        return value;
                    }
                }
            }

            return null;
        }
    }
}
