using Portico.Filters;

namespace Portico.FunctionalTests.Observability;

/// <summary>
/// A test-only global filter that runs outside every built-in one and counts finished exchanges, so a test knows
/// when all post-phase work (metrics, access log) of a request is done.
/// </summary>
public sealed class CompletionFilter : IGlobalFilter
{
    private int _completed;

    public int Order => int.MinValue;

    public int Completed => Volatile.Read(ref _completed);

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        try
        {
            await chain.FilterAsync(exchange);
        }
        finally
        {
            Interlocked.Increment(ref _completed);
        }
    }

    public override string ToString() => "[Completion]";
}
