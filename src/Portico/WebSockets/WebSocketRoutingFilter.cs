using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Errors;
using Portico.Filters;

namespace Portico.WebSockets;

/// <summary>
/// Proxies WebSocket connections for <c>ws</c> and <c>wss</c> request URLs (routes to <c>ws(s)://</c> or
/// <c>lb:ws://</c>, and upgrades arriving on <c>http(s)</c> routes), as Spring's WebsocketRoutingFilter does. The
/// upstream handshake comes first, so a refusal reaches the client as an HTTP status and the client socket is only
/// accepted once the upstream has accepted; then messages are relayed both ways until one side closes.
/// </summary>
internal sealed class WebSocketRoutingFilter(
    UpstreamWebSocketConnector connector,
    WebSocketSessionTracker sessions,
    TimeProvider timeProvider,
    ILogger<WebSocketRoutingFilter> logger,
    Resources.ResourceExhaustion? exhaustion = null) : IGlobalFilter
{
    public int Order => GlobalFilterOrder.WebSocketRouting;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var url = exchange.RequestUrl;
        if (exchange.IsAlreadyRouted || url is null || !IsWebSocketScheme(url.Scheme))
        {
            return chain.FilterAsync(exchange);
        }

        exchange.MarkRouted();

        // Like Spring's filter this one ends the chain: once the socket has closed there is no response left to filter.
        return new ValueTask(ProxyAsync(exchange, url));
    }

    public override string ToString() => "[WebSocketRouting]";

    internal static bool IsWebSocketScheme(string scheme) =>
        string.Equals(scheme, "ws", StringComparison.OrdinalIgnoreCase) || string.Equals(scheme, "wss", StringComparison.OrdinalIgnoreCase);

    private async Task ProxyAsync(GatewayExchange exchange, Uri url)
    {
        var context = exchange.HttpContext;
        var kind = ClientWebSocketAcceptor.GetRequestKind(context);
        if (kind == WebSocketRequestKind.None)
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "This route only accepts WebSocket upgrades.");
        }

        ClientWebSocketAcceptor.Validate(context, kind);
        if (sessions.IsStopping)
        {
            throw new GatewayException(StatusCodes.Status503ServiceUnavailable, "The gateway is shutting down; reconnect to another instance.");
        }

        var settings = exchange.Config.WebSocket;
        exchange.UpstreamAuthority ??= url.Authority;
        var upstream = await connector.ConnectAsync(exchange, url);
        WebSocket client;
        FrameLengthLimitStream? frames = null;
        try
        {
            WebSocketHeaders.CopyResponseHeaders(upstream.HttpResponseHeaders, exchange.Response.Headers);
            upstream.HttpResponseHeaders = null;

            // A frame header can declare up to 2^63-1 bytes and then send nothing: the relay, which sees only the bytes
            // that arrive, would wait for them. The frame watcher lets it refuse such a frame as soon as its header is read.
            Func<Stream, Stream>? watch = settings.MaxMessageSize > 0 ? stream => frames = new FrameLengthLimitStream(stream, settings.MaxMessageSize) : null;
            client = await ClientWebSocketAcceptor.AcceptAsync(context, kind, upstream.SubProtocol, settings.KeepAliveInterval, watch);
        }
        catch (Exception ex)
        {
            upstream.Abort();
            upstream.Dispose();
            if (ex is GatewayException { Message: ClientWebSocketAcceptor.UpgradeLimitReached })
            {
                exhaustion?.Report("websocket-slots", "upgrade");
            }

            throw;
        }

        WebSocketLog.Connected(logger, exchange.Route.Id, url.Authority, upstream.SubProtocol);
        var relay = new WebSocketRelay(client, upstream, settings, timeProvider, logger, exchange.Route.Id, frames);
        sessions.Add(relay);
        try
        {
            await relay.RunAsync();
        }
        finally
        {
            sessions.Remove(relay);
        }
    }
}
