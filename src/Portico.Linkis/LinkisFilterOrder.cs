using Portico.Filters;

namespace Portico.Linkis;

/// <summary>
/// Orders of the Linkis global filters. Linkis does all of its work in one filter at order 1 (after Spring's write
/// filter at -1, before RouteToRequestUrl at 10000); Portico splits it into single-purpose steps around that point and
/// keeps a slot for the security layer between reading the body and routing.
/// </summary>
public static class LinkisFilterOrder
{
    /// <summary>Reads the body of the URLs Linkis inspects (within the size limit) so that security and parsers can use it.</summary>
    public const int RequestBody = -20;

    /// <summary>The slot of Linkis's security layer (login, tokens, session tickets): after the body is read, before routing.</summary>
    public const int Security = -10;

    /// <summary>
    /// Linkis's <c>GatewayAuthorizationFilter</c> position (order 1): parses and routes the request, answers parser and
    /// router errors, and adds <c>FIXED_INSTANCE</c>, <c>GATEWAY_URL</c> and the inner-request cookie.
    /// </summary>
    public const int Routing = 1;

    /// <summary>Points the request URL at the routed application, right after RouteToRequestUrl has built it.</summary>
    public const int RequestUrl = GlobalFilterOrder.RouteToRequestUrl + 1;

    /// <summary>
    /// Accepts WebSocket handshakes on the <c>ws</c> route and multiplexes their messages to the backends (Linkis's
    /// <c>SpringCloudGatewayWebsocketFilter</c>), marking the exchange routed. Linkis runs it at MAX-2, after the load
    /// balancer has resolved the route's placeholder URI (the gateway's own application) only for the filter to ignore
    /// the result; Portico runs it just before the load balancer, so the placeholder is never resolved (the gateway
    /// need not be registered) and each message chooses its own instance.
    /// </summary>
    public const int WebSocketMultiplexing = GlobalFilterOrder.LoadBalancer - 50;

    /// <summary>Every constant of this class by name, for introspection.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> All { get; } =
    [
        new(nameof(RequestBody), RequestBody),
        new(nameof(Security), Security),
        new(nameof(Routing), Routing),
        new(nameof(RequestUrl), RequestUrl),
        new(nameof(WebSocketMultiplexing), WebSocketMultiplexing),
    ];
}
