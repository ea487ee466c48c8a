using Portico.Errors;
using Portico.Filters;

namespace Portico.LoadBalancing;

/// <summary>
/// Resolves <c>lb://service</c> and <c>lb:ws://service</c> request URLs to an instance chosen by the
/// <see cref="IServiceInstanceChooser"/> (Spring's ReactiveLoadBalancerClientFilter, order 10150). When no instance is
/// available the client gets 503, or 404 with <c>loadbalancer.use404</c>.
/// </summary>
internal sealed class LoadBalancerClientFilter(IServiceInstanceChooser? chooser = null) : IGlobalFilter
{
    public int Order => GlobalFilterOrder.LoadBalancer;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var url = exchange.RequestUrl;
        if (url is null || (url.Scheme != "lb" && exchange.SchemePrefix != "lb"))
        {
            return chain.FilterAsync(exchange);
        }

        return ResolveAsync(exchange, url, chain);
    }

    public override string ToString() => "[LoadBalancerClient]";

    private async ValueTask ResolveAsync(GatewayExchange exchange, Uri url, GatewayFilterChain chain)
    {
        var serviceId = url.Host;
        var choice = chooser is null ? null : await chooser.ChooseAsync(serviceId, exchange);
        if (choice is null)
        {
            var status = exchange.Config.LoadBalancer.Use404 ? 404 : 503;
            throw new GatewayException(status, $"No available instance for service '{serviceId}'.");
        }

        // With a scheme prefix (lb:ws://) the route's scheme wins; otherwise the instance decides http or https.
        var scheme = exchange.SchemePrefix == "lb"
            ? url.Scheme
            : RouteToRequestUrlWebSocketScheme(exchange, choice.Secure);
        var builder = new UriBuilder(url) { Scheme = scheme, Host = choice.Host, Port = choice.Port };
        exchange.OriginalRequestUrls.Add(url);
        exchange.RequestUrl = builder.Uri;
        exchange.UpstreamAuthority = $"{choice.Host}:{choice.Port}";
        await chain.FilterAsync(exchange);
    }

    private static string RouteToRequestUrlWebSocketScheme(GatewayExchange exchange, bool secure) =>
        Routing.RouteToRequestUrlFilter.IsWebSocketUpgrade(exchange.Request)
            ? (secure ? "wss" : "ws")
            : (secure ? "https" : "http");
}
