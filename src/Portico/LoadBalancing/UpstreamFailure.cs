using System.Net.Sockets;
using Portico.Errors;

namespace Portico.LoadBalancing;

/// <summary>How an attempt to reach an instance failed, as far as retrying and passive health care.</summary>
internal enum UpstreamFailureKind
{
    /// <summary>Not a failure of the instance (a client error, a filter's own failure, or the client went away).</summary>
    None,

    /// <summary>The connection could not be made (refused, unresolvable, TLS failed, connect timeout), so nothing of the request was sent.</summary>
    NotConnected,

    /// <summary>The connection broke before any response byte arrived; part of the request may have been sent.</summary>
    ConnectionLost,

    /// <summary>The instance did not answer in time; it may be processing the request, so it is never retried.</summary>
    Timeout,
}

/// <summary>
/// Classifies what the forwarder threw: a <see cref="GatewayException"/> with status 502, 503 or 504 whose inner
/// exception is the transport failure (<see cref="HttpRequestException"/>, socket or I/O error, timeout).
/// </summary>
internal static class UpstreamFailure
{
    public static UpstreamFailureKind Classify(Exception exception)
    {
        if (exception is GatewayException { StatusCode: not (502 or 503 or 504) })
        {
            return UpstreamFailureKind.None;
        }

        // The cause may be wrapped (e.g. a WebSocketException around an HttpRequestException); look a few levels down.
        var current = exception;
        for (var depth = 0; current is not null && depth < 5; depth++, current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException http:
                    return http.HttpRequestError switch
                    {
                        HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError => UpstreamFailureKind.NotConnected,
                        HttpRequestError.UserAuthenticationError or HttpRequestError.ConfigurationLimitExceeded
                            or HttpRequestError.VersionNegotiationError or HttpRequestError.ExtendedConnectNotSupported => UpstreamFailureKind.None,
                        _ when http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => UpstreamFailureKind.NotConnected,
                        _ => UpstreamFailureKind.ConnectionLost,
                    };
                case SocketException socket:
                    return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable
                        ? UpstreamFailureKind.NotConnected
                        : UpstreamFailureKind.ConnectionLost;
                case OperationCanceledException { InnerException: TimeoutException }:
                    // SocketsHttpHandler's ConnectTimeout: the connection never opened. A response timeout is the
                    // forwarder's own cancellation, without the inner TimeoutException.
                    return UpstreamFailureKind.NotConnected;
                case TimeoutException or OperationCanceledException:
                    return UpstreamFailureKind.Timeout;
                case IOException:
                    return UpstreamFailureKind.ConnectionLost;
            }
        }

        return UpstreamFailureKind.None;
    }

    /// <summary>The description of an upstream that failed after its headers, while sending the response body.</summary>
    public const string ResponseBodyFailed = "failed while sending the response body";

    /// <summary>A short description for health reasons and logs.</summary>
    public static string Describe(UpstreamFailureKind kind) => kind switch
    {
        UpstreamFailureKind.NotConnected => "connection failed",
        UpstreamFailureKind.ConnectionLost => "connection lost before a response",
        UpstreamFailureKind.Timeout => "timed out",
        _ => "failed",
    };

    /// <summary>A short description of a 5xx response.</summary>
    public static string DescribeStatus(int status) => status switch
    {
        500 => "responded 500",
        502 => "responded 502",
        503 => "responded 503",
        504 => "responded 504",
        _ => "responded " + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
