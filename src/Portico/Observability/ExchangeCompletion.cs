using System.Runtime.CompilerServices;
using Portico.Filters;

namespace Portico.Observability;

/// <summary>What an observing filter does once the rest of the chain has finished with an exchange.</summary>
internal interface IExchangeObserver
{
    /// <summary>Called exactly once per observed exchange; <paramref name="failed"/> when the chain threw.</summary>
    void OnCompleted(GatewayExchange exchange, bool failed);
}

/// <summary>
/// The shell shared by the filters that observe whole exchanges (metrics, access log): run the rest of the chain, then
/// report its end. A chain that completed synchronously is reported at once, without an async frame; otherwise one
/// pooled state machine awaits it.
/// </summary>
internal static class ExchangeCompletion
{
    /// <summary>Runs <paramref name="chain"/> and then calls <paramref name="observer"/>, even when the chain throws.</summary>
    public static ValueTask RunAsync(IExchangeObserver observer, GatewayExchange exchange, GatewayFilterChain chain)
    {
        ValueTask pending;
        try
        {
            pending = chain.FilterAsync(exchange);
        }
        catch
        {
            observer.OnCompleted(exchange, failed: true);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            // Observes the result, so that a pooled source behind the ValueTask is released.
            pending.GetAwaiter().GetResult();
            observer.OnCompleted(exchange, failed: false);
            return default;
        }

        return AwaitAsync(observer, pending, exchange);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitAsync(IExchangeObserver observer, ValueTask pending, GatewayExchange exchange)
    {
        var failed = true;
        try
        {
            await pending;
            failed = false;
        }
        finally
        {
            observer.OnCompleted(exchange, failed);
        }
    }
}
