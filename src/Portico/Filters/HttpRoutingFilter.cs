using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portico.Errors;
using Portico.Forwarding;

namespace Portico.Filters;

/// <summary>
/// Sends the request to its <c>http</c> or <c>https</c> request URL with the route's timeouts, HTTP version and body
/// limit, copies the upstream status and headers to the (unstarted) client response and keeps the upstream response
/// for the write-response filter (Spring's NettyRoutingFilter).
/// </summary>
internal sealed class HttpRoutingFilter(IHttpForwarder forwarder) : IGlobalFilter
{
    public int Order => GlobalFilterOrder.HttpRouting;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var url = exchange.RequestUrl;
        if (exchange.IsAlreadyRouted || url is null || !IsHttp(url.Scheme))
        {
            return chain.FilterAsync(exchange);
        }

        exchange.MarkRouted();
        if (exchange.Route.Http.MaxRequestBodySize > 0)
        {
            LimitRequestBody(exchange.HttpContext, exchange.Route.Http.MaxRequestBodySize);
        }

        return RouteAsync(exchange, url, chain);
    }

    public override string ToString() => "[HttpRouting]";

    /// <summary>The forwarder options of an exchange: its route's timeouts and version, the gateway's header settings.</summary>
    internal static ForwarderRequestOptions OptionsFor(GatewayExchange exchange)
    {
        var http = exchange.Route.Http;
        var config = exchange.Config;
        return new ForwarderRequestOptions
        {
            Client = UpstreamClientOptions.From(config.HttpClient, http.ConnectTimeout),
            // A route without a timeout asked for none: tell the forwarder so, or it would apply its default.
            ResponseTimeout = http.ResponseTimeout ?? Timeout.InfiniteTimeSpan,
            Version = http.Version,
            PreserveHost = exchange.PreserveHostHeader,
            XForwarded = config.XForwarded,
            Forwarded = config.Forwarded,
            OriginalPath = exchange.OriginalPath,
        };
    }

    /// <summary>
    /// Applies the gateway's request body limit: a declared length over it is refused before anything is sent; a
    /// longer chunked body fails when the limit is crossed. The server's own limit is only ever lowered here.
    /// </summary>
    internal static void LimitRequestBody(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw new GatewayException(StatusCodes.Status413PayloadTooLarge,
                $"The request body of {context.Request.ContentLength} bytes exceeds the gateway's limit of {limit} bytes.");
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false } && (feature.MaxRequestBodySize is null || feature.MaxRequestBodySize > limit))
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    private static bool IsHttp(string scheme) =>
        string.Equals(scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.Ordinal);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RouteAsync(GatewayExchange exchange, Uri url, GatewayFilterChain chain)
    {
        var upstream = await forwarder.SendAsync(exchange.HttpContext, url, OptionsFor(exchange));
        exchange.UpstreamResponse = upstream;
        forwarder.CopyResponseHeaders(upstream, exchange.Response);
        await chain.FilterAsync(exchange);
    }
}
