using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Filters;
using Portico.Linkis;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;
using Portico.Routing;
using Portico.Security.ClientAddress;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Access;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Tickets;
using Portico.Security.Linkis.Tokens;
using Portico.Security.Linkis.Users;
using Portico.Testing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis;

/// <summary>
/// The Linkis security filter over a configuration read from YAML, with the real ticket cipher, an in-memory session
/// store, a token authenticator and user endpoints the tests control, and exchanges for the Linkis routes.
/// </summary>
internal sealed class LinkisSecurityTestHost : IDisposable
{
    public const string CryptKey = "unit-test-crypt-key-0123456789";

    private readonly ServiceProvider _services;

    private LinkisSecurityTestHost(PorticoConfig config, bool tokens, bool userEndpoints, ILinkisSsoInterceptor? sso)
    {
        Config = config;
        Settings = new TestSecuritySettings(config.LinkisSecurity);
        var services = new ServiceCollection();
        services.AddSingleton<ILinkisSecuritySettings>(Settings);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ILinkisTicketCipher>(new LinkisTicketCipher(CryptKey, "bfs_"));
        services.AddSingleton<ISessionStore>(sp => new SessionStore(new MemorySessionPersistence(), Settings, Time, NullLogger<SessionStore>.Instance));
        services.AddSingleton<IProxyUserMap, ProxyUserMap>();
        services.AddSingleton<ILinkisSessionService, LinkisSessionService>();
        if (tokens)
        {
            services.AddSingleton<ILinkisTokenAuthenticator>(Tokens);
        }

        if (userEndpoints)
        {
            services.AddSingleton<ILinkisUserEndpoints>(UserEndpoints);
        }

        if (sso is not null)
        {
            services.AddSingleton(sso);
            services.AddSingleton<LinkisSso>();
        }

        _services = services.BuildServiceProvider();
        Whitelist = new LinkisIpWhitelist(NullLogger<LinkisIpWhitelist>.Instance);
        Filter = new LinkisSecurityFilter(
            new LinkisPipeline([], [], [], new LinkisSettingsCache()),
            new LinkisAccessPolicyCache(NullLogger<LinkisAccessPolicyCache>.Instance),
            Whitelist,
            Addresses,
            _services.GetRequiredService<ILinkisSessionService>(),
            _services.GetServices<ILinkisTokenAuthenticator>(),
            _services.GetServices<LinkisSso>(),
            _services.GetServices<ILinkisUserEndpoints>(),
            Time,
            NullLogger<LinkisSecurityFilter>.Instance);
    }

    public PorticoConfig Config { get; }

    public TestSecuritySettings Settings { get; }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeTokenAuthenticator Tokens { get; } = new();

    public RecordingUserEndpoints UserEndpoints { get; } = new();

    public FixedClientAddressResolver Addresses { get; } = new();

    public LinkisIpWhitelist Whitelist { get; }

    public LinkisSecurityFilter Filter { get; }

    public ILinkisSessionService Sessions => _services.GetRequiredService<ILinkisSessionService>();

    public ILinkisTicketCipher Cipher => _services.GetRequiredService<ILinkisTicketCipher>();

    /// <summary>
    /// A Linkis-mode configuration with Linkis security on; <paramref name="securityYaml"/> is added under
    /// <c>linkis-security</c> (indented by the caller's two spaces).
    /// </summary>
    public static LinkisSecurityTestHost Create(
        string securityYaml = "",
        bool tokens = true,
        bool userEndpoints = true,
        bool enabled = true,
        ILinkisSsoInterceptor? sso = null)
    {
        var yaml = "portico:\n  linkis:\n    enabled: true\n  linkis-security:\n    enabled: " + (enabled ? "true" : "false") + "\n    crypt-key: " + CryptKey + "\n    admin-user: hadoop\n"
            + string.Concat(securityYaml.Trim('\n').Split('\n').Where(l => l.Length > 0).Select(l => "    " + l.TrimEnd() + "\n"));
        var errors = new List<ConfigError>();
        var config = ConfigText.Read(yaml, errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return new LinkisSecurityTestHost(config, tokens, userEndpoints, sso);
    }

    /// <summary>An exchange on the Linkis route <paramref name="role"/> (api, dws, ws) of the configuration.</summary>
    public GatewayExchange Exchange(
        string pathAndQuery,
        string method = "GET",
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string role = LinkisRoutes.Api,
        IPAddress? remoteIp = null,
        string? rawTarget = null)
    {
        var exchange = TestExchange.Create(method, pathAndQuery, headers, remoteIp: remoteIp, config: Config);
        var routeConfig = Config.Routes.Single(r => r.Id == role);
        exchange.Route = new Route(routeConfig, new Uri("http://upstream.test"), null, [], [], new RouteHttpSettings(TimeSpan.FromSeconds(1), null, HttpVersion.Version11, 0));
        var requestFeature = exchange.HttpContext.Features.Get<IHttpRequestFeature>()!;
        requestFeature.RawTarget = rawTarget ?? pathAndQuery;
        exchange.HttpContext.Features.Set<IHttpResponseFeature>(new TestResponseFeature(exchange.HttpContext.Response.Body));
        exchange.HttpContext.Features.Set(exchange);
        return exchange;
    }

    /// <summary>An exchange on a route that is not a Linkis route.</summary>
    public GatewayExchange PlainExchange(string path)
    {
        var exchange = TestExchange.Create("GET", path, config: Config);
        exchange.Route = new Route(new RouteConfig { Id = "plain", Uri = "http://upstream.test" }, new Uri("http://upstream.test"), null, [], [], new RouteHttpSettings(TimeSpan.FromSeconds(1), null, HttpVersion.Version11, 0));
        exchange.HttpContext.Features.Set<IHttpResponseFeature>(new TestResponseFeature(exchange.HttpContext.Response.Body));
        return exchange;
    }

    /// <summary>Runs the filter, then starts the response; whether the request went on.</summary>
    public Task<bool> RunAsync(GatewayExchange exchange) => Security.SecurityTestHost.RunAsync(exchange, Filter);

    /// <summary>A ticket of a live session of <paramref name="user"/>.</summary>
    public async Task<string> LoginAsync(string user) => (await Sessions.IssueAsync(user, remember: true, default)).Ticket;

    public static KeyValuePair<string, string> Header(string name, string value) => KeyValuePair.Create(name, value);

    public static KeyValuePair<string, string> TicketCookie(string ticket) => Header("Cookie", "linkis_user_session_ticket_id_v1=" + ticket);

    public void Dispose()
    {
        Whitelist.Dispose();
        _services.Dispose();
    }
}

/// <summary>Accepts the token <see cref="GoodToken"/> for any user from any host unless told otherwise; records the last call.</summary>
internal sealed class FakeTokenAuthenticator : ILinkisTokenAuthenticator
{
    public const string GoodToken = "GOOD-TOKEN";

    public (string? Code, string? User, string? Host)? LastCall { get; private set; }

    public int Calls { get; private set; }

    /// <summary>When set, only this client host is legal.</summary>
    public string? LegalHost { get; set; }

    /// <summary>When set, the lookup fails unexpectedly.</summary>
    public bool Throw { get; set; }

    public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken)
    {
        Calls++;
        LastCall = (tokenCode, tokenUser, clientHost);
        if (Throw)
        {
            throw new InvalidOperationException("boom");
        }

        if (tokenCode != GoodToken)
        {
            return ValueTask.FromResult(LinkisTokenResult.Failure(
                $"Token Authentication Failed, token: {Mask(tokenCode)}，tokenUser: {tokenUser}, reason: Token:{Mask(tokenCode)} does not exist in the table(Token:{Mask(tokenCode)} 表中不存在)!", 15207));
        }

        if (LegalHost is not null && clientHost != LegalHost)
        {
            return ValueTask.FromResult(LinkisTokenResult.Failure(
                $"Token Authentication Failed, token: {Mask(tokenCode)}，tokenUser: {tokenUser}, reason: Illegal Host for Token(非法ip: {clientHost})!", 15203));
        }

        return ValueTask.FromResult(LinkisTokenResult.Success(tokenUser!));
    }

    private static string Mask(string? token) => token is null ? "null" : token[..Math.Min(4, token.Length)] + "***";
}

/// <summary>Records the names it is asked for and answers 200 with the name.</summary>
internal sealed class RecordingUserEndpoints : ILinkisUserEndpoints
{
    public List<string> Names { get; } = [];

    public async Task HandleAsync(LinkisRequestContext context, string name)
    {
        Names.Add(name);
        await context.Exchange.Response.WriteAsync("user endpoint " + name);
    }
}

/// <summary>Resolves the client address to the socket peer unless a fixed address is set; records calls.</summary>
internal sealed class FixedClientAddressResolver : IClientAddressResolver
{
    public IPAddress? Address { get; set; }

    public IPAddress? GetClientAddress(HttpContext context) => Address ?? context.Connection.RemoteIpAddress;
}
