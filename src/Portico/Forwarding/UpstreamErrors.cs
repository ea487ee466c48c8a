using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Portico.Errors;

namespace Portico.Forwarding;

/// <summary>
/// Turns failures of an upstream exchange into <see cref="GatewayException"/>s whose status and message name the cause
/// and the upstream. Exception texts are kept as the inner exception for the log, never shown to the client.
/// </summary>
internal static class UpstreamErrors
{
    /// <summary>The error for a failed send.</summary>
    /// <param name="exception">What the client threw.</param>
    /// <param name="destination">Where the request went.</param>
    /// <param name="options">The options of the request (for the timeouts in messages).</param>
    /// <param name="responseTimedOut">Whether the response timeout fired.</param>
    /// <param name="clientFailure">The failure reading the client's body, when that broke the request.</param>
    public static GatewayException ForSend(Exception exception, Uri destination, in ForwarderRequestOptions options, bool responseTimedOut, Exception? clientFailure)
    {
        var authority = destination.Authority;
        if (responseTimedOut)
        {
            return new GatewayException(StatusCodes.Status504GatewayTimeout,
                $"Upstream {authority} did not respond within {FormatDuration(options.EffectiveResponseTimeout)}.", exception);
        }

        if (clientFailure is not null)
        {
            return ForClientBody(clientFailure);
        }

        if (Find<TimeoutException>(exception) is not null)
        {
            return new GatewayException(StatusCodes.Status504GatewayTimeout,
                $"Upstream {authority} did not accept a connection within {FormatDuration(options.Client.ConnectTimeout)}.", exception);
        }

        var (status, message) = exception is HttpRequestException http
            ? Describe(http, destination, authority, options)
            : (StatusCodes.Status502BadGateway, $"The request to upstream {authority} failed.");
        return new GatewayException(status, message, exception);
    }

    /// <summary>The error for an upstream that failed while its response body was being relayed.</summary>
    public static GatewayException ForResponseBody(Exception exception, Uri? destination) =>
        new(StatusCodes.Status502BadGateway,
            $"Upstream {destination?.Authority ?? "server"} failed while sending the response body.", exception);

    /// <summary>
    /// Whether the request failed because the upstream closed or reset a connection before answering: the signature
    /// of a pooled connection that went stale, on which a request may be sent again.
    /// </summary>
    public static bool IsStaleConnection(Exception exception)
    {
        if (exception is not HttpRequestException http)
        {
            return false;
        }

        if (http.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            return true;
        }

        return http.HttpRequestError == HttpRequestError.Unknown
            && Find<SocketException>(http) is { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown };
    }

    /// <summary>Formats a duration for a message: <c>300 ms</c>, <c>5 s</c>.</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0 && duration >= TimeSpan.FromSeconds(1)
            ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s"
            : ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

    private static GatewayException ForClientBody(Exception failure) =>
        (failure as BadHttpRequestException)?.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => new GatewayException(StatusCodes.Status413PayloadTooLarge,
                "The request body is larger than the gateway accepts.", failure),
            StatusCodes.Status408RequestTimeout => new GatewayException(StatusCodes.Status408RequestTimeout,
                "The request body arrived too slowly.", failure),
            _ => new GatewayException(StatusCodes.Status400BadRequest, "The request body could not be read.", failure),
        };

    private static (int Status, string Message) Describe(HttpRequestException exception, Uri destination, string authority, in ForwarderRequestOptions options) =>
        exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError =>
                (StatusCodes.Status502BadGateway, $"Upstream host {destination.IdnHost} could not be resolved."),
            HttpRequestError.ConnectionError when Find<SocketException>(exception) is { SocketErrorCode: SocketError.ConnectionRefused } =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} refused the connection."),
            HttpRequestError.ConnectionError =>
                (StatusCodes.Status502BadGateway, $"Could not connect to upstream {authority}."),
            HttpRequestError.SecureConnectionError =>
                (StatusCodes.Status502BadGateway, $"The TLS handshake with upstream {authority} failed."),
            HttpRequestError.VersionNegotiationError =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} does not speak HTTP/{options.Version ?? System.Net.HttpVersion.Version11}."),
            HttpRequestError.HttpProtocolError =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} broke the HTTP protocol."),
            HttpRequestError.InvalidResponse =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} sent an invalid response."),
            HttpRequestError.ResponseEnded =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} closed the connection without a complete response."),
            HttpRequestError.ConfigurationLimitExceeded =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} sent response headers larger than the gateway accepts."),
            _ when Find<SocketException>(exception) is { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown } =>
                (StatusCodes.Status502BadGateway, $"Upstream {authority} reset the connection."),
            _ => (StatusCodes.Status502BadGateway, $"The request to upstream {authority} failed."),
        };

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }
}
