using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Routing;

namespace Portico;

/// <summary>
/// The state of one request as it passes through the gateway: the ASP.NET Core context, the matched route, the
/// URL the request will be sent to and the attributes filters share. The .NET counterpart of Spring's
/// <c>ServerWebExchange</c> with its gateway attributes.
/// </summary>
public sealed class GatewayExchange
{
    private Dictionary<string, string>? _uriVariables;
    private Dictionary<string, object?>? _attributes;
    private List<Uri>? _originalRequestUrls;

    /// <summary>Creates an exchange for <paramref name="httpContext"/> under the configuration in force.</summary>
    public GatewayExchange(HttpContext httpContext, PorticoConfig config)
    {
        HttpContext = httpContext;
        Config = config;
        OriginalPath = httpContext.Request.Path;
        OriginalQueryString = httpContext.Request.QueryString;
        StartTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>The ASP.NET Core context of the client request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The client request. Pre-phase filters may change its path, query string and headers.</summary>
    public HttpRequest Request => HttpContext.Request;

    /// <summary>The client response. Post-phase filters may change its status and headers until it has started.</summary>
    public HttpResponse Response => HttpContext.Response;

    /// <summary>The gateway configuration in force when the request arrived; a reload never changes it mid-request.</summary>
    public PorticoConfig Config { get; }

    /// <summary>The matched route; set once route predicates have matched.</summary>
    public Route Route { get; set; } = null!;

    /// <summary>The request path as the client sent it, before any filter rewrote it.</summary>
    public PathString OriginalPath { get; }

    /// <summary>The query string as the client sent it, before any filter rewrote it.</summary>
    public QueryString OriginalQueryString { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp taken when the exchange was created.</summary>
    public long StartTimestamp { get; }

    /// <summary>
    /// The URL the request is routed to (Spring's <c>GATEWAY_REQUEST_URL_ATTR</c>): set by the route-to-request-URL
    /// filter, resolved by the load balancer and consumed by the routing filters.
    /// </summary>
    public Uri? RequestUrl { get; set; }

    /// <summary>The scheme prefix split off a route URI such as <c>lb:ws://service</c> (here <c>lb</c>).</summary>
    public string? SchemePrefix { get; set; }

    /// <summary>Earlier values of <see cref="RequestUrl"/>, oldest first (Spring's original-request-URL attribute).</summary>
    public IList<Uri> OriginalRequestUrls => _originalRequestUrls ??= [];

    /// <summary>Variables captured by route predicates, e.g. <c>{segment}</c> of <c>Path=/red/{segment}</c>.</summary>
    public IDictionary<string, string> UriVariables => _uriVariables ??= new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether any predicate captured variables (avoids allocating the dictionary to ask).</summary>
    public bool HasUriVariables => _uriVariables is { Count: > 0 };

    /// <summary>Free-form attributes shared by filters of this exchange.</summary>
    public IDictionary<string, object?> Attributes => _attributes ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Whether a routing filter has already sent the request (Spring's <c>gatewayAlreadyRouted</c>).</summary>
    public bool IsAlreadyRouted { get; private set; }

    /// <summary>Marks the exchange as routed so that later routing filters skip it.</summary>
    public void MarkRouted() => IsAlreadyRouted = true;

    /// <summary>
    /// Whether the forwarder has started reading the client's request body. Once it has, the body cannot be replayed,
    /// so the load balancer never retries the request on another instance.
    /// </summary>
    public bool RequestBodyStarted
    {
        get => HttpContext.Features.Get<Forwarding.RequestBodyConsumed>() is not null;
        set => HttpContext.Features.Set(value ? Forwarding.RequestBodyConsumed.Marker : null);
    }

    /// <summary>Clears the routed mark so that the load balancer can send the request again to another instance.</summary>
    internal void ResetRouted() => IsAlreadyRouted = false;

    /// <summary>When true the client's <c>Host</c> header is sent upstream instead of the target's authority.</summary>
    public bool PreserveHostHeader { get; set; }

    /// <summary>
    /// The upstream response whose status and headers have been copied to <see cref="Response"/>; its body is written
    /// to the client by the write-response filter in the post phase (Spring's <c>CLIENT_RESPONSE_ATTR</c>).
    /// </summary>
    public HttpResponseMessage? UpstreamResponse { get; set; }

    /// <summary>The address (<c>host:port</c>) of the instance that serves the request, once one is chosen.</summary>
    public string? UpstreamAuthority { get; set; }

    /// <summary>Told by the write-response filter how relaying the body of <see cref="UpstreamResponse"/> ended.</summary>
    internal IResponseBodyObserver? ResponseBodyObserver { get; set; }
}
