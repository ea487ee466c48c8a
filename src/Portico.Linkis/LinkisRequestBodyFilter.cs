using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Portico.Filters;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;

namespace Portico.Linkis;

/// <summary>
/// Reads the bodies Linkis inspects (§2.2: non-GET requests below the user URI or on a URL a parser asks for) into
/// memory, within <see cref="LinkisConfig.MaxBufferSize"/>, and replaces the request body with the same bytes so the
/// backend receives them unchanged. An empty body is the empty string. A body over the limit is refused with 413 in
/// Linkis's framework error shape and nothing is forwarded. Every other body streams through untouched.
/// </summary>
internal sealed partial class LinkisRequestBodyFilter(LinkisPipeline pipeline, ILogger<LinkisRequestBodyFilter> logger) : IGlobalFilter
{
    private const int InitialBufferSize = 4096;

    public int Order => LinkisFilterOrder.RequestBody;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        // WebSocket handshakes (route ws) carry no body; Linkis never reads one.
        if (!LinkisPipeline.IsLinkisRoute(exchange, out var role) || role == LinkisRoutes.WebSocket)
        {
            return chain.FilterAsync(exchange);
        }

        var context = pipeline.ContextOf(exchange);
        return pipeline.NeedsBody(context) ? BufferAsync(exchange, context, chain) : chain.FilterAsync(exchange);
    }

    public override string ToString() => "[LinkisRequestBody]";

    // Every inspected request awaits the rest of the chain here: pool the state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask BufferAsync(GatewayExchange exchange, LinkisRequestContext context, GatewayFilterChain chain)
    {
        var request = exchange.Request;
        var limit = context.Settings.MaxBufferSize;
        byte[]? bytes;
        try
        {
            bytes = await ReadAsync(request, limit, exchange.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The route's own body limit (metadata.max-request-body-size) is lower than Linkis's.
            bytes = null;
        }

        if (bytes is null)
        {
            LogTooLarge(logger, context.Path, limit);
            await LinkisResponseWriter.WriteFrameworkErrorAsync(exchange.HttpContext, StatusCodes.Status413PayloadTooLarge, context.Path);
            return;
        }

        // An empty body is the empty string and goes on like any other (Linkis silently drops such requests).
        context.Body = new LinkisRequestBody(bytes, bytes.Length == 0 ? Encoding.UTF8 : DeclaredEncoding(request));
        request.Body = new MemoryStream(bytes, writable: false);
        await chain.FilterAsync(exchange);
    }

    /// <summary>Reads the whole body; null when it is larger than <paramref name="limit"/>.</summary>
    private static async ValueTask<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if (request.ContentLength is long declared)
        {
            if (declared > limit)
            {
                return null;
            }

            if (declared == 0)
            {
                return [];
            }

            // The length is known: read straight into an array of that size.
            var exact = GC.AllocateUninitializedArray<byte>((int)declared);
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            return filled == exact.Length ? exact : exact[..filled];
        }

        // Chunked: grow a pooled buffer, then keep an exact copy (the pooled one may be reused as soon as it is returned,
        // while the copy lives as long as the forwarder needs it).
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Min(InitialBufferSize, limit + 1));
        try
        {
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    var larger = (int)Math.Min(Math.Min((long)buffer.Length * 2, limit + 1), Array.MaxLength);
                    if (larger <= buffer.Length)
                    {
                        // At the largest buffer possible: one more byte means the body is over the limit.
                        var probe = new byte[1];
                        return await body.ReadAsync(probe, cancellationToken) > 0 ? null : buffer.AsSpan(0, count).ToArray();
                    }

                    var grown = pool.Rent(larger);
                    buffer.AsSpan(0, count).CopyTo(grown);
                    pool.Return(buffer);
                    buffer = grown;
                }

                var read = await body.ReadAsync(buffer.AsMemory(count), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, count).ToArray();
                }

                count += read;
                if (count > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    /// <summary>The charset the client declared, as Linkis decodes bodies with it (UTF-8 when absent or unknown).</summary>
    private static Encoding DeclaredEncoding(HttpRequest request)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) && mediaType.Charset.HasValue)
        {
            try
            {
                return Encoding.GetEncoding(mediaType.Charset.Value!.Trim('"'));
            }
            catch (ArgumentException)
            {
                return Encoding.UTF8;
            }
        }

        return Encoding.UTF8;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Linkis + 1, Level = LogLevel.Warning, Message = "Refused {Path}: the request body is larger than the inspection limit of {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, string path, long limit);
}
