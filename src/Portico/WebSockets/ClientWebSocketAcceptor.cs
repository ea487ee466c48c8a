using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portico.Errors;

namespace Portico.WebSockets;

/// <summary>How a client asked to open a WebSocket.</summary>
internal enum WebSocketRequestKind
{
    /// <summary>Not a WebSocket request.</summary>
    None,

    /// <summary>An HTTP/1.1 <c>Upgrade: websocket</c> request (RFC 6455).</summary>
    Upgrade,

    /// <summary>An HTTP/2 extended CONNECT with <c>:protocol = websocket</c> (RFC 8441).</summary>
    ExtendedConnect,
}

/// <summary>
/// The server side of the client's handshake: recognises and validates WebSocket requests and accepts them.
/// </summary>
/// <remarks>
/// The gateway always performs the handshake itself, through <see cref="IHttpUpgradeFeature"/> (HTTP/1.1) or
/// <see cref="IHttpExtendedConnectFeature"/> (HTTP/2), instead of going through <c>HttpContext.WebSockets</c>. That
/// path is equally correct (the same checks and response headers as ASP.NET Core's WebSocket middleware) and simpler
/// to reason about: one code path whether or not the host app called <c>UseWebSockets()</c>, and the gateway's own
/// keep-alive settings apply rather than whatever <c>WebSocketOptions</c> the app chose for its own endpoints.
/// Compression is never negotiated on the client leg: the proxy relays messages, not frames, so each leg negotiates
/// its own extensions and the gateway offers none.
/// </remarks>
internal static class ClientWebSocketAcceptor
{
    /// <summary>The detail of the 503 for a WebSocket over the server's limit of upgraded connections.</summary>
    internal const string UpgradeLimitReached = "The gateway cannot accept more WebSocket connections right now.";

    /// <summary>The only WebSocket protocol version (RFC 6455).</summary>
    public const string SupportedVersion = "13";

    // RFC 6455 section 1.3: the GUID appended to Sec-WebSocket-Key before hashing.
    private static ReadOnlySpan<byte> KeyGuid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>Recognises a WebSocket request by the server features Kestrel offers for it.</summary>
    public static WebSocketRequestKind GetRequestKind(HttpContext context)
    {
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        if (connect is { IsExtendedConnect: true })
        {
            return string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase)
                ? WebSocketRequestKind.ExtendedConnect
                : WebSocketRequestKind.None;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        return upgrade is { IsUpgradableRequest: true }
            && HttpMethods.IsGet(context.Request.Method)
            && ContainsToken(context.Request.Headers.Upgrade, "websocket")
            ? WebSocketRequestKind.Upgrade
            : WebSocketRequestKind.None;
    }

    /// <summary>Checks the handshake headers; throws a <see cref="GatewayException"/> naming the problem.</summary>
    public static void Validate(HttpContext context, WebSocketRequestKind kind)
    {
        var headers = context.Request.Headers;
        var version = headers.SecWebSocketVersion;
        if (version.Count != 1 || !string.Equals(version[0], SupportedVersion, StringComparison.Ordinal))
        {
            // RFC 6455 section 4.2.2: answer an unknown version with the versions the server speaks. The header is
            // added when the response starts because the error renderer clears the headers set before it.
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.SecWebSocketVersion = SupportedVersion;
                return Task.CompletedTask;
            }, context.Response);
            throw new GatewayException(StatusCodes.Status426UpgradeRequired, $"Unsupported Sec-WebSocket-Version; the gateway speaks WebSocket version {SupportedVersion}.");
        }

        if (kind == WebSocketRequestKind.Upgrade)
        {
            var key = headers.SecWebSocketKey;
            if (key.Count != 1 || !IsValidKey(key[0]))
            {
                throw new GatewayException(StatusCodes.Status400BadRequest, "The Sec-WebSocket-Key header is missing or is not 16 bytes in base64.");
            }
        }
    }

    /// <summary>
    /// Completes the handshake with <paramref name="subProtocol"/> (the one the upstream chose) and returns the client's
    /// socket. Response headers already set on the context (such as the upstream's cookies) are sent with it.
    /// <paramref name="wrapStream"/>, when given, wraps the upgraded connection's stream before the socket is built on it
    /// (to watch the raw frames, for instance).
    /// </summary>
    public static async Task<WebSocket> AcceptAsync(
        HttpContext context,
        WebSocketRequestKind kind,
        string? subProtocol,
        TimeSpan? keepAliveInterval,
        Func<Stream, Stream>? wrapStream = null)
    {
        // A proxied WebSocket lives as long as its peers want; a request timeout set by the host app must not cut it.
        context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();

        var response = context.Response;
        if (!string.IsNullOrEmpty(subProtocol))
        {
            response.Headers.SecWebSocketProtocol = subProtocol;
        }

        Stream stream;
        if (kind == WebSocketRequestKind.ExtendedConnect)
        {
            // RFC 8441 section 5: a 2xx answers the CONNECT; there is no key to prove.
            response.StatusCode = StatusCodes.Status200OK;
            stream = await context.Features.GetRequiredFeature<IHttpExtendedConnectFeature>().AcceptAsync();
        }
        else
        {
            response.Headers.Upgrade = "websocket";
            response.Headers.SecWebSocketAccept = ComputeAcceptKey(context.Request.Headers.SecWebSocketKey.ToString());

            try
            {
                // Sets 101 and Connection: Upgrade, then flushes the headers.
                stream = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
            }
            catch (InvalidOperationException)
            {
                // Kestrel refuses upgrades past MaxConcurrentUpgradedConnections: an expected refusal, so no stack
                // trace goes with it into the log.
                throw new GatewayException(StatusCodes.Status503ServiceUnavailable, UpgradeLimitReached);
            }
        }

        if (wrapStream is not null)
        {
            stream = wrapStream(stream);
        }

        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = string.IsNullOrEmpty(subProtocol) ? null : subProtocol,
            KeepAliveInterval = WebSocketKeepAlive.IntervalFor(keepAliveInterval),
            KeepAliveTimeout = WebSocketKeepAlive.TimeoutFor(keepAliveInterval),
        });
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> value for a <c>Sec-WebSocket-Key</c> (RFC 6455 section 4.2.2).</summary>
    internal static string ComputeAcceptKey(string key)
    {
        // A valid key is 24 characters; the buffer holds it and the GUID without allocating.
        Span<byte> input = stackalloc byte[64];
        var length = Encoding.ASCII.GetBytes(key.AsSpan().Trim(), input);
        KeyGuid.CopyTo(input[length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6455 mandates SHA-1 here; the hash proves the handshake, it protects nothing.
        SHA1.HashData(input[..(length + KeyGuid.Length)], hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    /// <summary>Whether <paramref name="key"/> is the base64 encoding of 16 bytes, as RFC 6455 requires.</summary>
    internal static bool IsValidKey(string? key)
    {
        if (key is null)
        {
            return false;
        }

        var trimmed = key.AsSpan().Trim();
        Span<byte> decoded = stackalloc byte[18];
        return trimmed.Length == 24 && Convert.TryFromBase64Chars(trimmed, decoded, out var written) && written == 16;
    }

    /// <summary>Whether a comma-separated header contains <paramref name="token"/> (case-insensitive).</summary>
    internal static bool ContainsToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var item = (comma < 0 ? rest : rest[..comma]).Trim();
                if (item.Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                rest = comma < 0 ? default : rest[(comma + 1)..];
            }
        }

        return false;
    }
}
