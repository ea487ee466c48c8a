using System.Runtime.CompilerServices;
using Portico.Forwarding;

namespace Portico.Filters;

/// <summary>
/// In the post phase, after the route filters have edited the response headers, streams the upstream response body
/// and trailers to the client and disposes the upstream response (Spring's NettyWriteResponseFilter). The exchange's
/// <see cref="GatewayExchange.ResponseBodyObserver"/> hears how that ended.
/// </summary>
internal sealed class WriteResponseFilter(IHttpForwarder forwarder) : IGlobalFilter
{
    public int Order => GlobalFilterOrder.WriteResponse;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        ValueTask pending;
        try
        {
            pending = chain.FilterAsync(exchange);
        }
        catch
        {
            Discard(exchange);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            return exchange.UpstreamResponse is null ? default : WriteAsync(exchange);
        }

        return AwaitThenWriteAsync(pending, exchange);
    }

    public override string ToString() => "[WriteResponse]";

    private static void Discard(GatewayExchange exchange)
    {
        exchange.UpstreamResponse?.Dispose();
        exchange.UpstreamResponse = null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitThenWriteAsync(ValueTask pending, GatewayExchange exchange)
    {
        try
        {
            await pending;
        }
        catch
        {
            Discard(exchange);
            throw;
        }

        if (exchange.UpstreamResponse is not null)
        {
            await WriteAsync(exchange);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAsync(GatewayExchange exchange)
    {
        var upstream = exchange.UpstreamResponse!;
        try
        {
            await forwarder.CopyResponseBodyAsync(upstream, exchange.HttpContext);
            exchange.ResponseBodyObserver?.OnResponseBodyRelayed(exchange, null);
        }
        catch (Exception ex)
        {
            exchange.ResponseBodyObserver?.OnResponseBodyRelayed(exchange, ex);
            throw;
        }
        finally
        {
            // Disposing before the body was read to its end closes the upstream connection rather than reusing it.
            upstream.Dispose();
            exchange.UpstreamResponse = null;
        }
    }
}
