using System.Text;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RequestHeaderSize=1000B</c>: refuses a request any of whose headers (name plus all values, in bytes) is larger
/// than <c>maxSize</c> (default 16000 bytes) with 431 and an explanation in the <c>errorHeaderName</c> response header
/// (default <c>errorMessage</c>). The request is not routed.
/// </summary>
internal sealed class RequestHeaderSizeGatewayFilterFactory : IGatewayFilterFactory
{
    private const long DefaultMaxSize = 16000;
    private const string DefaultErrorHeaderName = "errorMessage";

    public string Name => GatewayFilterNames.RequestHeaderSize;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("maxSize", "errorHeaderName");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var maxSize = args.GetDataSize("maxSize", DefaultMaxSize);
        if (maxSize <= 0)
        {
            args.AddError("maxSize", "must be greater than 0.", "Write a positive size such as 16000B or 16KB.");
        }

        var errorHeaderName = args.Has("errorHeaderName") ? args.GetHeaderName("errorHeaderName") : DefaultErrorHeaderName;
        return new RequestHeaderSizeFilter(maxSize, errorHeaderName);
    }

    private sealed class RequestHeaderSizeFilter(long maxSize, string errorHeaderName) : IGatewayFilter
    {
        private readonly string _description = FilterDescription.Of(GatewayFilterNames.RequestHeaderSize)
            .Bare("maxSize", DataSizeText.Bytes(maxSize)).ToString();

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            StringBuilder? message = null;
            foreach (var (name, values) in exchange.Request.Headers)
            {
                long size = Encoding.UTF8.GetByteCount(name);
                foreach (var value in values)
                {
                    size += value is null ? 0 : Encoding.UTF8.GetByteCount(value);
                }

                if (size > maxSize)
                {
                    message ??= new StringBuilder("Request Header/s size is larger than permissible limit (").Append(DataSizeText.Bytes(maxSize)).Append(").");
                    message.Append(" Request Header/s size for '").Append(name).Append("' is ").Append(DataSizeText.Bytes(size)).Append('.');
                }
            }

            if (message is null)
            {
                return chain.FilterAsync(exchange);
            }

            var response = exchange.Response;
            if (!response.HasStarted)
            {
                response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
                response.Headers[errorHeaderName] = message.ToString();
            }

            return default;
        }

        public override string ToString() => _description;
    }
}
