using System.Runtime.CompilerServices;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// Base of the filters that edit the response in the post phase: once the rest of the chain has run, the routing
/// filter has copied the upstream status and headers onto <see cref="GatewayExchange.Response"/> and the body has not
/// started. A response that has already started (or a chain that failed) is left alone, as Spring's filters skip a
/// committed response.
/// </summary>
internal abstract class ResponseFilter(string description) : IGatewayFilter
{
    /// <inheritdoc />
    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var pending = chain.FilterAsync(exchange);
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            ApplyIfNotStarted(exchange);
            return default;
        }

        return AwaitThenApplyAsync(pending, exchange);
    }

    /// <inheritdoc />
    public sealed override string ToString() => description;

    /// <summary>Edits the response; called only while it has not started.</summary>
    protected abstract void Apply(GatewayExchange exchange);

    // Pooled builder: the chain nearly always completes asynchronously (it waits for the upstream), and this keeps
    // the per-request state machine off the heap.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitThenApplyAsync(ValueTask pending, GatewayExchange exchange)
    {
        await pending;
        ApplyIfNotStarted(exchange);
    }

    private void ApplyIfNotStarted(GatewayExchange exchange)
    {
        if (!exchange.Response.HasStarted)
        {
            Apply(exchange);
        }
    }
}
