using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Errors;
using Portico.Filters;
using Portico.Linkis.Messages;
using Portico.Security.Linkis;
using Portico.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// Multiplexes WebSockets on the Linkis <c>ws</c> route (<c>/ws/**</c>; Linkis's <c>SpringCloudGatewayWebsocketFilter</c>,
/// §5): accepts the client's upgrade itself and serves the socket with a <see cref="LinkisWebSocketConnection"/>, which
/// routes every message separately and keeps one backend connection per application instance. It ends the chain: the
/// exchange is marked routed. A request that is not a valid upgrade, or whose session is not logged in (with Linkis
/// security on), is answered in Linkis's shapes before anything is accepted.
/// </summary>
internal sealed class LinkisWebSocketFilter(
    LinkisPipeline pipeline,
    LinkisWebSocketSessions sessions,
    LinkisWebSocketServices services,
    ILinkisSessionService linkisSessions) : IGlobalFilter
{
    public int Order => LinkisFilterOrder.WebSocketMultiplexing;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        if (exchange.IsAlreadyRouted || !LinkisPipeline.IsLinkisRoute(exchange, out var role) || role != LinkisRoutes.WebSocket)
        {
            return chain.FilterAsync(exchange);
        }

        exchange.MarkRouted();
        return new ValueTask(ServeAsync(exchange));
    }

    public override string ToString() => "[LinkisWebSocket]";

    private async Task ServeAsync(GatewayExchange exchange)
    {
        var http = exchange.HttpContext;
        var context = pipeline.ContextOf(exchange);
        var path = context.Path;
        var kind = ClientWebSocketAcceptor.GetRequestKind(http);
        if (kind == WebSocketRequestKind.None)
        {
            await RefuseAsync(http, path, StatusCodes.Status400BadRequest, "not a WebSocket upgrade");
            return;
        }

        try
        {
            ClientWebSocketAcceptor.Validate(http, kind);
        }
        catch (GatewayException ex)
        {
            await RefuseAsync(http, path, ex.StatusCode, ex.Message);
            return;
        }

        if (sessions.IsStopping)
        {
            await RefuseAsync(http, path, StatusCodes.Status503ServiceUnavailable, "the gateway is shutting down");
            return;
        }

        var security = exchange.Config.LinkisSecurity;
        var cookieName = security.Cookie.Name;
        var identity = http.GetLinkisIdentity();
        var ticket = identity?.Ticket ?? LinkisHandshake.CookieValue(http.Request, cookieName);
        LinkisSessionCheck? session = null;
        if (security.Enabled)
        {
            // Used only with security on: the session services open their key and store on first use.
            var headerTicket = http.Request.Headers[cookieName].ToString();
            session = new LinkisSessionCheck(linkisSessions, ticket, headerTicket.Length == 0 ? null : headerTicket);
            if (!session.IsLoggedIn())
            {
                // Whatever let the handshake through, a socket needs a live session to re-check message by message.
                LogRefused(path, StatusCodes.Status401Unauthorized, "not logged in");
                await LinkisResponseWriter.WriteMessageAsync(http, new LinkisMessage(path, LinkisMessageStatus.NotLoggedIn, LinkisUserMessages.NotLoggedIn), StatusCodes.Status401Unauthorized);
                return;
            }
        }

        var handshake = LinkisHandshake.Create(exchange, context.Compiled, path, cookieName, ticket);
        foreach (var subProtocol in handshake.SubProtocols)
        {
            if (!IsToken(subProtocol))
            {
                await RefuseAsync(http, path, StatusCodes.Status400BadRequest, "malformed Sec-WebSocket-Protocol");
                return;
            }
        }

        FrameLengthLimitStream? frames = null;
        var maxFrameLength = context.Settings.WebSocketMaxFrameLength;
        WebSocket socket;
        try
        {
            // Linkis offers the client's own subprotocols back as the supported ones, so the first offered is chosen.
            var subProtocol = handshake.SubProtocols.Count > 0 ? handshake.SubProtocols[0] : null;
            socket = await ClientWebSocketAcceptor.AcceptAsync(http, kind, subProtocol, exchange.Config.WebSocket.KeepAliveInterval, stream => frames = new FrameLengthLimitStream(stream, maxFrameLength));
        }
        catch (GatewayException ex)
        {
            await RefuseAsync(http, path, ex.StatusCode, ex.Message);
            return;
        }

        using var connection = new LinkisWebSocketConnection(sessions.NextId(), socket, frames, handshake, session, ticket, identity?.UserName, services);
        sessions.Add(connection);
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            sessions.Remove(connection);
        }
    }

    private void LogRefused(string path, int status, string reason) =>
        LinkisWebSocketLog.HandshakeRefused(services.Logger, path, status, reason);

    private async Task RefuseAsync(HttpContext http, string path, int status, string reason)
    {
        LogRefused(path, status, reason);
        await LinkisResponseWriter.WriteFrameworkErrorAsync(http, status, path);
    }

    /// <summary>Whether <paramref name="value"/> is an RFC 9110 token, as a subprotocol name must be.</summary>
    private static bool IsToken(string value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return value.Length > 0;
    }
}
