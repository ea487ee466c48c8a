namespace Portico.Linkis;

/// <summary>
/// What the Linkis filters leave on an exchange for later steps (label routing, logging, metrics): a typed feature of
/// the request, so reading it on a request that has none allocates nothing. The labels they attach are the core's
/// request feature (<see cref="Portico.Labels.RequestLabelsExchangeExtensions"/>).
/// </summary>
public static class LinkisExchangeExtensions
{
    /// <summary>The Linkis parsing and routing state of a request on a Linkis route, or null on other routes.</summary>
    public static LinkisRequestContext? GetLinkisContext(this GatewayExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.HttpContext.Features.Get<LinkisRequestContext>();
    }
}
