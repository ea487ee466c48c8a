namespace Portico.Filters;

/// <summary>
/// Orders of the built-in global filters. The numbers follow Spring Cloud Gateway's where it has an equivalent and
/// leave gaps so that user filters can be placed between any two of them.
/// </summary>
public static class GlobalFilterOrder
{
    /// <summary>Times the whole exchange and records <c>spring.cloud.gateway.requests</c>.</summary>
    public const int Metrics = -300;

    /// <summary>Writes one access-log line per exchange.</summary>
    public const int AccessLog = -250;

    /// <summary>Turns failures of later filters into <c>application/problem+json</c> responses.</summary>
    public const int ErrorHandling = -200;

    /// <summary>Writes the upstream response body to the client in the post phase (Spring's NettyWriteResponseFilter).</summary>
    public const int WriteResponse = -1;

    /// <summary>Builds the request URL from the route URI and the (possibly rewritten) request path and query.</summary>
    public const int RouteToRequestUrl = 10000;

    /// <summary>Resolves <c>lb://</c> and <c>lb:ws://</c> URLs to one service instance.</summary>
    public const int LoadBalancer = 10150;

    /// <summary>Handles <c>forward:</c> URLs by invoking a local endpoint of the gateway.</summary>
    public const int ForwardRouting = int.MaxValue - 2;

    /// <summary>Proxies WebSocket upgrades for <c>ws</c> and <c>wss</c> URLs.</summary>
    public const int WebSocketRouting = int.MaxValue - 1;

    /// <summary>Sends the request upstream over HTTP (Spring's NettyRoutingFilter).</summary>
    public const int HttpRouting = int.MaxValue;

    /// <summary>Every constant of this class by name, for introspection.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> All { get; } =
    [
        new(nameof(Metrics), Metrics),
        new(nameof(AccessLog), AccessLog),
        new(nameof(ErrorHandling), ErrorHandling),
        new(nameof(WriteResponse), WriteResponse),
        new(nameof(RouteToRequestUrl), RouteToRequestUrl),
        new(nameof(LoadBalancer), LoadBalancer),
        new(nameof(ForwardRouting), ForwardRouting),
        new(nameof(WebSocketRouting), WebSocketRouting),
        new(nameof(HttpRouting), HttpRouting),
    ];
}
