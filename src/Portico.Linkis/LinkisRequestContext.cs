using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Discovery;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;

namespace Portico.Linkis;

/// <summary>
/// The state of one request on a Linkis route while it is parsed and routed (Linkis's <c>GatewayContext</c>): the
/// request, its inspected body, the target chosen so far, and the answer committed by a parser or router. Parsers set
/// <see cref="Target"/>; a parser or router that cannot continue commits an answer with <see cref="Fail"/> or
/// <see cref="Respond"/> and the gateway sends it (HTTP 200) instead of forwarding.
/// </summary>
public sealed class LinkisRequestContext
{
    private readonly IQueryCollection? _query;
    private LinkisApiPath? _apiPath;

    internal LinkisRequestContext(GatewayExchange exchange, LinkisSettings settings)
    {
        Exchange = exchange;
        Compiled = settings;
        Path = RawPath(exchange.HttpContext);
    }

    /// <summary>
    /// A context for one message of a multiplexed WebSocket (Linkis's overriding request URI): <paramref name="path"/>,
    /// <paramref name="query"/> and <paramref name="body"/> stand for the message's, while the headers, method and
    /// connection are the handshake's.
    /// </summary>
    internal LinkisRequestContext(GatewayExchange exchange, LinkisSettings settings, string path, IQueryCollection query, LinkisRequestBody? body)
    {
        Exchange = exchange;
        Compiled = settings;
        Path = path;
        _query = query;
        Body = body;
    }

    /// <summary>The exchange.</summary>
    public GatewayExchange Exchange { get; }

    /// <summary>The Linkis settings in force for this request.</summary>
    public LinkisConfig Settings => Compiled.Config;

    /// <summary>The request path as received (still percent-encoded), without the query string.</summary>
    public string Path { get; }

    /// <summary>The request method.</summary>
    public string Method => Exchange.Request.Method;

    /// <summary>The query parameters.</summary>
    public IQueryCollection Query => _query ?? Exchange.Request.Query;

    /// <summary>The request headers.</summary>
    public IHeaderDictionary Headers => Exchange.Request.Headers;

    /// <summary>The path split into <c>/api/&lt;rest&gt;/&lt;version&gt;/&lt;remainder&gt;</c>.</summary>
    public LinkisApiPath ApiPath => _apiPath ??= LinkisApiPath.Parse(Path);

    /// <summary>The inspected body, or null on URLs whose body streams through uninspected (and before it is read).</summary>
    public LinkisRequestBody? Body { get; internal set; }

    /// <summary>The registry snapshot routing uses; taken once, when parsing starts.</summary>
    public RegistrySnapshot Registry { get; internal set; } = RegistrySnapshot.Empty;

    /// <summary>The target chosen so far; a later parser may replace an earlier one's choice.</summary>
    public ServiceTarget? Target { get; set; }

    /// <summary>The answer committed instead of forwarding, or null.</summary>
    public LinkisMessage? Answer { get; private set; }

    /// <summary>Whether an answer has been committed; no further parser or router runs.</summary>
    public bool IsAnswered => Answer is not null;

    /// <summary>The registry-resolved target the request is forwarded to, once routing has succeeded.</summary>
    public ServiceTarget? RoutedTarget { get; internal set; }

    internal LinkisSettings Compiled { get; }

    /// <summary>Whether the default rules recognised the legacy <c>/dws/</c> prefix (no target, nothing committed).</summary>
    internal bool IsLegacyProxy { get; set; }

    /// <summary>Commits <paramref name="message"/> (its <c>method</c> becomes the path) and drops the target, as Linkis does.</summary>
    public void Respond(LinkisMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Answer = message.WithMethod(Path);
        Target = null;
    }

    /// <summary>Commits an error message (<c>status 1</c>, HTTP 200) with <paramref name="message"/>.</summary>
    public void Fail(string message) => Respond(LinkisMessage.Error(message));

    /// <summary>
    /// Checks a version captured from the path against <see cref="LinkisConfig.ServerVersion"/>; on a mismatch commits
    /// <c>The gateway&lt;v&gt; not support version &lt;requested&gt;.</c> and returns false.
    /// </summary>
    public bool CheckVersion(ReadOnlySpan<char> version)
    {
        if (version.SequenceEqual(Settings.ServerVersion))
        {
            return true;
        }

        Fail(LinkisErrors.VersionNotSupported(Settings.ServerVersion, version.ToString()));
        return false;
    }

    /// <summary>The value of query parameter <paramref name="name"/> when it occurs exactly once, else null.</summary>
    public string? SingleQueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>The first value of query parameter <paramref name="name"/>, or null when absent.</summary>
    public string? FirstQueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The request path as received (percent-encoding kept, no query): Linkis's <c>method</c>.</summary>
    internal static string RawPath(HttpContext context)
    {
        // Linkis matches the path as received; the raw target keeps its percent-encoding (%2F stays inside a segment).
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            var q = raw.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? raw : raw[..q];
        }

        var request = context.Request;
        return (request.PathBase + request.Path).ToUriComponent() is { Length: > 0 } path ? path : "/";
    }
}
