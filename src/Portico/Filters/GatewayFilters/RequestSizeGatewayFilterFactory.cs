using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RequestSize=5000000</c> (or <c>maxSize: 5MB</c>): refuses a request whose <c>Content-Length</c> is larger than
/// <c>maxSize</c> (default 5000000 bytes) with 413 and Spring's explanation in the <c>errorMessage</c> response
/// header, without routing it. A body of unknown length (chunked, or HTTP/2 without Content-Length) is limited while
/// it streams: reading past the limit fails with a 413 <see cref="BadHttpRequestException"/>.
/// </summary>
internal sealed class RequestSizeGatewayFilterFactory : IGatewayFilterFactory
{
    /// <summary>The response header that carries the explanation, as in Spring.</summary>
    public const string ErrorHeaderName = "errorMessage";

    private const long DefaultMaxSize = 5_000_000;

    public string Name => GatewayFilterNames.RequestSize;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("maxSize");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var maxSize = args.GetDataSize("maxSize", DefaultMaxSize);
        if (maxSize <= 0)
        {
            args.AddError("maxSize", "must be greater than 0.", "Write a positive size such as 5000000, 512KB or 5MB.");
        }

        return new RequestSizeFilter(maxSize);
    }

    /// <summary>Spring's message for a request of <paramref name="size"/> bytes over <paramref name="maxSize"/>.</summary>
    internal static string ErrorMessage(long size, long maxSize) =>
        $"Request size is larger than permissible limit. Request size is {DataSizeText.Readable(size)} where permissible limit is {DataSizeText.Readable(maxSize)}";

    private sealed class RequestSizeFilter(long maxSize) : IGatewayFilter
    {
        private readonly string _streamingMessage =
            $"Request size is larger than permissible limit. The request body exceeds the permissible limit of {DataSizeText.Readable(maxSize)}";

        private readonly string _description = FilterDescription.Of(GatewayFilterNames.RequestSize).Bare("max", DataSizeText.Bytes(maxSize)).ToString();

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            var context = exchange.HttpContext;
            if (context.Request.ContentLength is { } length)
            {
                if (length > maxSize)
                {
                    var response = context.Response;
                    if (!response.HasStarted)
                    {
                        response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                        response.Headers[ErrorHeaderName] = ErrorMessage(length, maxSize);
                    }

                    return default;
                }

                // The server never delivers more than the declared length, so nothing more to watch.
                return chain.FilterAsync(exchange);
            }

            if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true)
            {
                LimitStreamedBody(context);
            }

            return chain.FilterAsync(exchange);
        }

        public override string ToString() => _description;

        private void LimitStreamedBody(HttpContext context)
        {
            // Kestrel enforces its own limit for free while the body is untouched; only ever lower it, never raise it.
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is { IsReadOnly: false })
            {
                if (limit.MaxRequestBodySize is null || limit.MaxRequestBodySize > maxSize)
                {
                    limit.MaxRequestBodySize = maxSize;
                }

                return;
            }

            context.Request.Body = new RequestSizeLimitStream(context.Request.Body, maxSize, _streamingMessage);
        }
    }
}
