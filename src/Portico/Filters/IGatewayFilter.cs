namespace Portico.Filters;

/// <summary>
/// A step of the gateway's filter chain. Work done before awaiting <see cref="GatewayFilterChain.FilterAsync"/> is
/// the pre phase; work done after it is the post phase.
/// </summary>
public interface IGatewayFilter
{
    /// <summary>Runs this filter and, unless it ends the exchange, the rest of the chain.</summary>
    ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain);
}
