using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Filters;
using Portico.Routing;
using Portico.Security;
using Portico.Security.Authentication;
using Portico.Security.ClientAddress;
using Portico.Security.Cors;
using Portico.Testing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security;

/// <summary>
/// A configuration with its compiled security policies and the security filters over it, for unit tests: exchanges
/// for its routes, a response feature that runs OnStarting callbacks when the test "starts" the response, and a
/// time provider the test sets.
/// </summary>
internal sealed class SecurityTestHost : IDisposable
{
    private SecurityTestHost(PorticoConfig config, ManualTimeProvider time, JwksFileStore jwks, SecurityPolicyCache cache)
    {
        Config = config;
        Time = time;
        Jwks = jwks;
        Cache = cache;
        Resolver = new ClientAddressResolver(new FixedConfig(config), cache);
        Cors = new CorsFilter(cache, NullLogger<CorsFilter>.Instance);
        Authentication = new AuthenticationFilter(cache, TimeProvider.System, NullLogger<AuthenticationFilter>.Instance);
    }

    public PorticoConfig Config { get; }

    public ManualTimeProvider Time { get; }

    public JwksFileStore Jwks { get; }

    public SecurityPolicyCache Cache { get; }

    public ClientAddressResolver Resolver { get; }

    public CorsFilter Cors { get; }

    public AuthenticationFilter Authentication { get; }

    /// <summary>Reads and validates <paramref name="yaml"/>; fails the test on any configuration error.</summary>
    public static SecurityTestHost Create(string yaml, ManualTimeProvider? time = null, ILogger<JwksFileStore>? jwksLogger = null)
    {
        var (host, errors) = TryCreate(yaml, time, jwksLogger);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return host;
    }

    /// <summary>Reads and validates <paramref name="yaml"/>, returning the errors found.</summary>
    public static (SecurityTestHost Host, List<ConfigError> Errors) TryCreate(string yaml, ManualTimeProvider? time = null, ILogger<JwksFileStore>? jwksLogger = null)
    {
        time ??= new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var errors = new List<ConfigError>();
        var config = ConfigText.Read(yaml, errors);
        var jwks = new JwksFileStore(TimeProvider.System, jwksLogger ?? NullLogger<JwksFileStore>.Instance);
        var cache = new SecurityPolicyCache(jwks, time, [new Portico.Security.Linkis.Access.LinkisRouteCorsSource()]);
        cache.Validate(config, errors);
        return (new SecurityTestHost(config, time, jwks, cache), errors);
    }

    /// <summary>Only the errors of <paramref name="yaml"/>.</summary>
    public static List<ConfigError> Errors(string yaml)
    {
        var (host, errors) = TryCreate(yaml);
        host.Dispose();
        return errors;
    }

    /// <summary>An exchange for route <paramref name="routeId"/> of the configuration.</summary>
    public GatewayExchange Exchange(
        string routeId,
        string method = "GET",
        string pathAndQuery = "/",
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        IPAddress? remoteIp = null)
    {
        var exchange = TestExchange.Create(method, pathAndQuery, headers, remoteIp: remoteIp, config: Config);
        var routeConfig = Config.Routes.Single(r => r.Id == routeId);
        exchange.Route = new Route(routeConfig, new Uri("http://upstream.test"), null, [], [], new RouteHttpSettings(TimeSpan.FromSeconds(1), null, HttpVersion.Version11, 0));
        exchange.HttpContext.Features.Set<IHttpResponseFeature>(new TestResponseFeature(exchange.HttpContext.Response.Body));
        exchange.HttpContext.Features.Set(exchange);
        return exchange;
    }

    /// <summary>
    /// Runs <paramref name="filters"/> then a terminal step (recording that the request would have gone upstream), then
    /// starts the response so OnStarting callbacks run. Returns whether the terminal step was reached.
    /// </summary>
    public static async Task<bool> RunAsync(GatewayExchange exchange, params IGatewayFilter[] filters)
    {
        var reached = false;
        IGatewayFilter[] chain = [.. filters, new Terminal(() => reached = true)];
        await new GatewayFilterChain(chain).FilterAsync(exchange);
        await ((TestResponseFeature)exchange.HttpContext.Features.Get<IHttpResponseFeature>()!).StartAsync();
        return reached;
    }

    /// <summary>The response body as text.</summary>
    public static string Body(GatewayExchange exchange)
    {
        var stream = (MemoryStream)exchange.HttpContext.Response.Body;
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public void Dispose() => Jwks.Dispose();

    private sealed class Terminal(Action action) : IGatewayFilter
    {
        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            action();
            return default;
        }
    }

    private sealed class FixedConfig(PorticoConfig config) : IGatewayConfigProvider
    {
        public PorticoConfig Config => config;
    }
}

/// <summary>A response feature whose OnStarting callbacks run when the test starts the response, as a server would.</summary>
internal sealed class TestResponseFeature(Stream body) : IHttpResponseFeature
{
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; } = body;

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Push((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state)
    {
    }

    public async Task StartAsync()
    {
        while (_onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }

        HasStarted = true;
    }
}
