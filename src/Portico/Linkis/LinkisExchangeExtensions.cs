using Portico.Linkis.Routing;

namespace Portico.Linkis;

/// <summary>
/// What the Linkis filters leave on an exchange for later steps (label routing, logging, metrics). Both are typed
/// features of the request, so reading them on a request that has none allocates nothing.
/// </summary>
public static class LinkisExchangeExtensions
{
    /// <summary>The labels of a label-routed request, or null when the request is not label-routed.</summary>
    public static RequestLabels? GetRequestLabels(this GatewayExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.HttpContext.Features.Get<RequestLabels>();
    }

    /// <summary>The Linkis parsing and routing state of a request on a Linkis route, or null on other routes.</summary>
    public static LinkisRequestContext? GetLinkisContext(this GatewayExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.HttpContext.Features.Get<LinkisRequestContext>();
    }

    internal static void SetRequestLabels(this GatewayExchange exchange, RequestLabels labels) =>
        exchange.HttpContext.Features.Set(labels);
}
