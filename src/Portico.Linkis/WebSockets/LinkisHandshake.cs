using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Portico.Discovery;
using Portico.Security.Linkis;
using Portico.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// What a client's handshake leaves for the life of its socket: the exchange (messages are parsed and routed in its
/// name), its path and query, and the handshake every backend connection repeats (§5.3): the same path and query on the
/// instance's <c>host:port</c>, the client's end-to-end headers (hop-by-hop and WebSocket headers dropped, a client
/// <c>FIXED_INSTANCE</c> too), <c>GATEWAY_URL</c>, the cookies plus the user's ticket and
/// <c>dataworkcloud_inner_request=true</c>, and the client's subprotocols. The headers are copied once, at the
/// handshake, so backend connections opened later never read the client request.
/// </summary>
internal sealed class LinkisHandshake
{
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly string _pathAndQuery;

    private LinkisHandshake(GatewayExchange exchange, LinkisSettings settings, string path, string pathAndQuery, KeyValuePair<string, string>[] headers, string[] subProtocols)
    {
        Exchange = exchange;
        Settings = settings;
        Path = path;
        _pathAndQuery = pathAndQuery;
        _headers = headers;
        SubProtocols = subProtocols;
    }

    /// <summary>The handshake's exchange; only the client connection's receive loop uses it once the socket is open.</summary>
    public GatewayExchange Exchange { get; }

    /// <summary>The Linkis settings in force at the handshake.</summary>
    public LinkisSettings Settings { get; }

    /// <summary>The handshake path as received (the <c>method</c> of messages that name none).</summary>
    public string Path { get; }

    /// <summary>The handshake's query parameters.</summary>
    public IQueryCollection Query => Exchange.Request.Query;

    /// <summary>The subprotocols the client offered, in order (trimmed, duplicates dropped).</summary>
    public IReadOnlyList<string> SubProtocols { get; }

    /// <summary>The headers sent to every backend (before <c>FIXED_INSTANCE</c>), for tests and diagnostics.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Captures the handshake of <paramref name="exchange"/>; <paramref name="ticket"/> is the user's session ticket, if any.</summary>
    public static LinkisHandshake Create(GatewayExchange exchange, LinkisSettings settings, string path, string ticketCookieName, string? ticket)
    {
        var headers = new List<KeyValuePair<string, string>>();
        WebSocketHeaders.WriteUpstreamRequestHeaders(exchange, headers, static (list, name, value) => list.Add(new(name, value)));
        string? cookie = null;
        var hasGatewayUrl = false;
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            var name = headers[i].Key;
            if (name.Equals(LinkisHeaders.FixedInstance, StringComparison.OrdinalIgnoreCase))
            {
                // Each backend connection is bound to one instance; a client's value naming another would be false.
                headers.RemoveAt(i);
            }
            else if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                cookie = headers[i].Value;
                headers.RemoveAt(i);
            }
            else if (name.Equals(LinkisHeaders.GatewayUrl, StringComparison.OrdinalIgnoreCase))
            {
                hasGatewayUrl = true;
            }
        }

        if (!hasGatewayUrl)
        {
            headers.Add(new(LinkisHeaders.GatewayUrl, LinkisNode.GatewayUrl(exchange.HttpContext, settings)));
        }

        if (!string.IsNullOrEmpty(ticket) && !HasCookie(cookie, ticketCookieName, ticket))
        {
            // A session established other than by the cookie (a token, say): backends still need the ticket (§1.5).
            cookie = string.IsNullOrEmpty(cookie) ? ticketCookieName + "=" + ticket : cookie + ";" + ticketCookieName + "=" + ticket;
        }

        headers.Add(new("Cookie", LinkisRoutingFilter.AppendInnerRequestCookie(cookie is null ? StringValues.Empty : new StringValues(cookie)).ToString()));
        return new LinkisHandshake(exchange, settings, path, PathAndQuery(exchange.HttpContext), [.. headers], OfferedSubProtocols(exchange.Request));
    }

    /// <summary>The backend URL for <paramref name="instance"/>: <c>ws(s)://host:port</c> plus the handshake's path and query.</summary>
    public Uri UrlFor(ServiceInstance instance)
    {
        var host = instance.Host.Contains(':', StringComparison.Ordinal) && !instance.Host.StartsWith('[') ? "[" + instance.Host + "]" : instance.Host;
        return Portico.Routing.RequestPath.CreateUrl(string.Concat(instance.IsSecure ? "wss://" : "ws://", host, ":", instance.Port.ToString(CultureInfo.InvariantCulture), _pathAndQuery));
    }

    /// <summary>The handshake of a backend connection to <paramref name="target"/>.</summary>
    public UpstreamWebSocketHandshake For(BackendTarget target)
    {
        IReadOnlyList<KeyValuePair<string, string>> headers = _headers;
        if (target.Pinned)
        {
            // As for a pinned HTTP request (§1.3 step 8), the backend learns which instance the message named.
            headers = [.. _headers, new(LinkisHeaders.FixedInstance, target.Instance.Authority)];
        }

        var config = Exchange.Config;
        return new UpstreamWebSocketHandshake(
            headers,
            SubProtocols,
            Settings.Config.WebSocketHeartbeat,
            Exchange.Route.Http.ConnectTimeout,
            config.HttpClient.DangerousAcceptAnyServerCertificate,
            Exchange.Route.Id);
    }

    /// <summary>The value of cookie <paramref name="name"/> in the request, or null.</summary>
    public static string? CookieValue(HttpRequest request, string name)
    {
        foreach (var header in request.Headers.Cookie)
        {
            if (FindCookie(header, name) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static bool HasCookie(string? header, string name, string value) =>
        header is not null && string.Equals(FindCookie(header, name), value, StringComparison.Ordinal);

    /// <summary>The raw value of the first cookie named <paramref name="name"/> in a <c>Cookie</c> header (not decoded: tickets are sent raw).</summary>
    private static string? FindCookie(string? header, string name)
    {
        var rest = header.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var pair = (end < 0 ? rest : rest[..end]).Trim();
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair[..eq].Trim().SequenceEqual(name))
            {
                return pair[(eq + 1)..].Trim().ToString();
            }

            rest = end < 0 ? default : rest[(end + 1)..];
        }

        return null;
    }

    private static string PathAndQuery(HttpContext context)
    {
        // The target as received keeps its percent-encoding, as the backend should see it.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            return raw;
        }

        var request = context.Request;
        return (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
    }

    private static string[] OfferedSubProtocols(HttpRequest request)
    {
        var offered = new List<string>();
        foreach (var value in request.Headers.SecWebSocketProtocol)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!offered.Contains(token, StringComparer.Ordinal))
                {
                    offered.Add(token);
                }
            }
        }

        return [.. offered];
    }
}

/// <summary>Re-checks, message by message, that the session a socket was opened with is still logged in (§5.3 step 1).</summary>
internal sealed class LinkisSessionCheck(ILinkisSessionService sessions, string? ticket, string? headerTicket)
{
    /// <summary>Whether the session is live; each check slides it, as any request of the session does.</summary>
    public bool IsLoggedIn() => sessions.Resolve(ticket, headerTicket).IsLoggedIn;
}
