namespace Portico.Filters.GatewayFilters;

/// <summary>
/// Base of the filters that change the request in the pre phase (path, query string, headers) and then hand on to
/// the rest of the chain. The changes are made in place on <see cref="GatewayExchange.Request"/>, so the
/// route-to-request-URL filter and the forwarder see them.
/// </summary>
internal abstract class RequestFilter(string description) : IGatewayFilter
{
    /// <inheritdoc />
    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        Apply(exchange);
        return chain.FilterAsync(exchange);
    }

    /// <inheritdoc />
    public sealed override string ToString() => description;

    /// <summary>Changes the request.</summary>
    protected abstract void Apply(GatewayExchange exchange);
}
