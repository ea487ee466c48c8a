namespace Portico.Filters;

/// <summary>
/// The remainder of a filter chain. A value type over the route's precomputed filter array, so walking the chain
/// allocates nothing.
/// </summary>
public readonly struct GatewayFilterChain
{
    private readonly IGatewayFilter[] _filters;
    private readonly int _index;

    /// <summary>Creates the chain that starts at <paramref name="index"/> of <paramref name="filters"/>.</summary>
    public GatewayFilterChain(IGatewayFilter[] filters, int index = 0)
    {
        _filters = filters;
        _index = index;
    }

    /// <summary>Runs the next filter; completes at once when the chain is exhausted.</summary>
    public ValueTask FilterAsync(GatewayExchange exchange)
    {
        var filters = _filters;
        var index = _index;
        return filters is not null && (uint)index < (uint)filters.Length
            ? filters[index].FilterAsync(exchange, new GatewayFilterChain(filters, index + 1))
            : default;
    }
}
