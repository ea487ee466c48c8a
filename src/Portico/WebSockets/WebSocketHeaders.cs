using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Portico.WebSockets;

/// <summary>
/// Which headers cross the gateway during the WebSocket handshake. End-to-end headers (cookies, credentials, origin,
/// custom headers) travel both ways; hop-by-hop headers (RFC 9110 section 7.6.1) and the handshake's own headers stay
/// on their leg, because each leg performs its own handshake.
/// </summary>
internal static class WebSocketHeaders
{
    // The upstream socket writes Host, Connection, Upgrade, the key, the version and the offered subprotocols itself;
    // extensions are not forwarded because each leg negotiates its own (and the gateway offers none).
    private static readonly FrozenSet<string> RequestHeadersNotForwarded = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol");

    private static readonly FrozenSet<string> ResponseHeadersNotForwarded = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Content-Length", "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol");

    /// <summary>
    /// Writes the headers of the upstream handshake request through <paramref name="setHeader"/>: the client's
    /// end-to-end headers, <c>Host</c> when <see cref="GatewayExchange.PreserveHostHeader"/> is set, and
    /// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> as the <c>x-forwarded</c> settings ask.
    /// </summary>
    public static void WriteUpstreamRequestHeaders<TState>(GatewayExchange exchange, TState state, Action<TState, string, string> setHeader)
    {
        var request = exchange.Request;
        var xf = exchange.Config.XForwarded;
        var writeFor = xf.Enabled && xf.ForEnabled;
        var writeProto = xf.Enabled && xf.ProtoEnabled;
        var writeHost = xf.Enabled && xf.HostEnabled;
        var connection = request.Headers.Connection;

        foreach (var (name, values) in request.Headers)
        {
            if (name.Length == 0 || name[0] == ':' || RequestHeadersNotForwarded.Contains(name)
                || (writeFor && name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
                || (writeProto && name.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase))
                || (writeHost && name.Equals("X-Forwarded-Host", StringComparison.OrdinalIgnoreCase))
                || ClientWebSocketAcceptor.ContainsToken(connection, name))
            {
                continue;
            }

            // HTTP/2 clients may split cookies into several fields; HTTP/1.1 wants them in one, joined by "; ".
            var separator = name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ",";
            setHeader(state, name, values.Count == 1 ? values[0] ?? "" : string.Join(separator, values.ToArray()));
        }

        if (exchange.PreserveHostHeader && request.Host.HasValue)
        {
            setHeader(state, "Host", request.Host.Value);
        }

        if (writeFor && request.HttpContext.Connection.RemoteIpAddress is { } remote)
        {
            setHeader(state, "X-Forwarded-For", Append(xf.Append, request.Headers["X-Forwarded-For"], remote.ToString()));
        }

        if (writeProto)
        {
            setHeader(state, "X-Forwarded-Proto", Append(xf.Append, request.Headers["X-Forwarded-Proto"], request.Scheme));
        }

        if (writeHost && request.Host.HasValue)
        {
            setHeader(state, "X-Forwarded-Host", Append(xf.Append, request.Headers["X-Forwarded-Host"], request.Host.Value));
        }
    }

    /// <summary>Copies the end-to-end headers of the upstream's 101 response (e.g. <c>Set-Cookie</c>) to the client's.</summary>
    public static void CopyResponseHeaders(IReadOnlyDictionary<string, IEnumerable<string>>? upstreamHeaders, IHeaderDictionary target)
    {
        if (upstreamHeaders is null)
        {
            return;
        }

        foreach (var (name, values) in upstreamHeaders)
        {
            if (!ResponseHeadersNotForwarded.Contains(name))
            {
                target[name] = new StringValues(values as string[] ?? [.. values]);
            }
        }
    }

    private static string Append(bool append, StringValues existing, string value) =>
        append && !StringValues.IsNullOrEmpty(existing) ? $"{existing}, {value}" : value;
}
