using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Errors;

namespace Portico.WebSockets;

/// <summary>
/// Opens the upstream leg of a proxied WebSocket with the client's end-to-end headers and offered subprotocols. A
/// failed handshake becomes a <see cref="GatewayException"/>: the upstream's own 4xx/5xx status when it answered with
/// one, 504 past the route's connect timeout, otherwise 502. The upstream leg always speaks HTTP/1.1, which every
/// WebSocket server understands.
/// </summary>
internal sealed class UpstreamWebSocketConnector(TimeProvider timeProvider, ILogger<UpstreamWebSocketConnector> logger, Resources.ResourceExhaustion? exhaustion = null) : IDisposable
{
    private readonly HttpMessageInvoker _invoker = new(CreateHandler(acceptAnyCertificate: false));
    private readonly Lazy<HttpMessageInvoker> _insecureInvoker = new(() => new HttpMessageInvoker(CreateHandler(acceptAnyCertificate: true)));

    /// <summary>Connects to <paramref name="url"/>; the returned socket is open and has its subprotocol chosen.</summary>
    public Task<ClientWebSocket> ConnectAsync(GatewayExchange exchange, Uri url)
    {
        var config = exchange.Config;
        var socket = new ClientWebSocket();
        var options = socket.Options;
        options.KeepAliveInterval = WebSocketKeepAlive.IntervalFor(config.WebSocket.KeepAliveInterval);
        options.KeepAliveTimeout = WebSocketKeepAlive.TimeoutFor(config.WebSocket.KeepAliveInterval);
        try
        {
            AddSubProtocols(exchange.Request, options);
            WebSocketHeaders.WriteUpstreamRequestHeaders(exchange, options, static (o, name, value) => o.SetRequestHeader(name, value));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return ConnectAsync(socket, url, exchange.Route.Id, exchange.Route.Http.ConnectTimeout, config.HttpClient.DangerousAcceptAnyServerCertificate, exchange.HttpContext.RequestAborted);
    }

    /// <summary>
    /// Connects to <paramref name="url"/> with a handshake the caller composed (headers, offered subprotocols), for
    /// connections that outlive or do not mirror one client request. <paramref name="cancellationToken"/> stands for the
    /// client: when it is cancelled the attempt ends with <see cref="OperationCanceledException"/>.
    /// </summary>
    public Task<ClientWebSocket> ConnectAsync(Uri url, UpstreamWebSocketHandshake handshake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        var socket = new ClientWebSocket();
        var options = socket.Options;
        options.KeepAliveInterval = WebSocketKeepAlive.IntervalFor(handshake.KeepAliveInterval);
        options.KeepAliveTimeout = WebSocketKeepAlive.TimeoutFor(handshake.KeepAliveInterval);
        try
        {
            foreach (var subProtocol in handshake.SubProtocols)
            {
                options.AddSubProtocol(subProtocol);
            }

            foreach (var (name, value) in handshake.Headers)
            {
                options.SetRequestHeader(name, value);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return ConnectAsync(socket, url, handshake.RouteId, handshake.ConnectTimeout, handshake.AcceptAnyServerCertificate, cancellationToken);
    }

    private async Task<ClientWebSocket> ConnectAsync(ClientWebSocket socket, Uri url, string routeId, TimeSpan timeout, bool acceptAnyCertificate, CancellationToken clientAborted)
    {
        socket.Options.CollectHttpResponseDetails = true;
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, timeoutSource.Token);
        var invoker = acceptAnyCertificate ? _insecureInvoker.Value : _invoker;
        try
        {
            await socket.ConnectAsync(url, invoker, linked.Token);
            return socket;
        }
        catch (Exception ex)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            if (clientAborted.IsCancellationRequested)
            {
                // The client went away while we waited; the error handler records it as such.
                throw;
            }

            if (Resources.ResourceExhaustion.Classify(ex) is { } resource)
            {
                // The gateway's own shortage, not the upstream's fault: refuse, and log it at a bounded rate.
                exhaustion?.Report(resource, "upstream-connect");
                throw new GatewayException(StatusCodes.Status503ServiceUnavailable, "The gateway has no free connections right now; retry later.");
            }

            // The authority, not the URL: query strings may carry credentials.
            WebSocketLog.HandshakeFailed(logger, routeId, url.Authority, ex);
            if (timeoutSource.IsCancellationRequested)
            {
                throw new GatewayException(StatusCodes.Status504GatewayTimeout, $"The upstream did not accept the WebSocket connection within {timeout.TotalMilliseconds:0} ms.", ex);
            }

            throw status switch
            {
                >= 400 and <= 599 => new GatewayException(status, $"The upstream refused the WebSocket handshake with status {status}.", ex),
                (int)HttpStatusCode.SwitchingProtocols => new GatewayException(StatusCodes.Status502BadGateway, "The upstream's WebSocket handshake response was invalid.", ex),
                > 0 => new GatewayException(StatusCodes.Status502BadGateway, $"The upstream answered the WebSocket handshake with status {status} instead of 101.", ex),
                _ => new GatewayException(StatusCodes.Status502BadGateway, "Could not open a WebSocket connection to the upstream.", ex),
            };
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        if (_insecureInvoker.IsValueCreated)
        {
            _insecureInvoker.Value.Dispose();
        }
    }

    private static void AddSubProtocols(HttpRequest request, ClientWebSocketOptions options)
    {
        var offered = request.Headers.SecWebSocketProtocol;
        if (offered.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var value in offered)
            {
                foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    options.AddSubProtocol(token);
                }
            }
        }
        catch (ArgumentException ex)
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "The Sec-WebSocket-Protocol header is malformed: offer distinct subprotocol tokens separated by commas.", ex);
        }
    }

    private static SocketsHttpHandler CreateHandler(bool acceptAnyCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            // A gateway talks to its upstreams directly; the per-route connect timeout is applied by the caller.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (acceptAnyCertificate)
        {
#pragma warning disable CA5359 // Explicit opt-in (httpclient.dangerous-accept-any-server-certificate), meant for testing.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }
}

/// <summary>The handshake of an upstream WebSocket connection composed by its caller.</summary>
/// <param name="Headers">The request headers to send (the socket adds Host, Connection, Upgrade and the key itself).</param>
/// <param name="SubProtocols">The subprotocols to offer, in order.</param>
/// <param name="KeepAliveInterval">Interval of the socket's pings, each to be answered within one more interval; null disables them.</param>
/// <param name="ConnectTimeout">Time allowed for the connection and the handshake.</param>
/// <param name="AcceptAnyServerCertificate">Accept any TLS certificate (testing only).</param>
/// <param name="RouteId">The route, for logs.</param>
internal sealed record UpstreamWebSocketHandshake(
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<string> SubProtocols,
    TimeSpan? KeepAliveInterval,
    TimeSpan ConnectTimeout,
    bool AcceptAnyServerCertificate,
    string RouteId);
