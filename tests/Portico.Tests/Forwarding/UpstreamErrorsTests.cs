using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class UpstreamErrorsTests
{
    private static readonly Uri Destination = new("http://127.0.0.1:5001/path");

    private static readonly ForwarderRequestOptions Options = new()
    {
        Client = new UpstreamClientOptions { ConnectTimeout = TimeSpan.FromSeconds(2) },
        ResponseTimeout = TimeSpan.FromMilliseconds(300),
    };

    private static HttpRequestException Http(HttpRequestError error, Exception? inner = null) =>
        new(error, "internal detail that must not leak", inner);

    [Fact]
    public void ForSend_ConnectionRefused_Is502NamingTheUpstream()
    {
        var error = UpstreamErrors.ForSend(Http(HttpRequestError.ConnectionError, new SocketException((int)SocketError.ConnectionRefused)), Destination, Options, false, null);

        Assert.Equal(502, error.StatusCode);
        Assert.Equal("Upstream 127.0.0.1:5001 refused the connection.", error.Message);
    }

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, "Upstream host 127.0.0.1 could not be resolved.")]
    [InlineData(HttpRequestError.ConnectionError, "Could not connect to upstream 127.0.0.1:5001.")]
    [InlineData(HttpRequestError.SecureConnectionError, "The TLS handshake with upstream 127.0.0.1:5001 failed.")]
    [InlineData(HttpRequestError.InvalidResponse, "Upstream 127.0.0.1:5001 sent an invalid response.")]
    [InlineData(HttpRequestError.ResponseEnded, "Upstream 127.0.0.1:5001 closed the connection without a complete response.")]
    [InlineData(HttpRequestError.HttpProtocolError, "Upstream 127.0.0.1:5001 broke the HTTP protocol.")]
    [InlineData(HttpRequestError.VersionNegotiationError, "Upstream 127.0.0.1:5001 does not speak HTTP/1.1.")]
    [InlineData(HttpRequestError.ConfigurationLimitExceeded, "Upstream 127.0.0.1:5001 sent response headers larger than the gateway accepts.")]
    [InlineData(HttpRequestError.Unknown, "The request to upstream 127.0.0.1:5001 failed.")]
    public void ForSend_HttpRequestErrors_Are502WithPlainMessages(HttpRequestError kind, string message)
    {
        var error = UpstreamErrors.ForSend(Http(kind), Destination, Options, false, null);

        Assert.Equal(502, error.StatusCode);
        Assert.Equal(message, error.Message);
        Assert.DoesNotContain("internal detail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForSend_ResetWhileReading_Is502Reset()
    {
        var reset = Http(HttpRequestError.Unknown, new IOException("x", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal("Upstream 127.0.0.1:5001 reset the connection.", UpstreamErrors.ForSend(reset, Destination, Options, false, null).Message);
    }

    [Fact]
    public void ForSend_ResponseTimeout_Is504WithTheLimit()
    {
        var error = UpstreamErrors.ForSend(new TaskCanceledException(), Destination, Options, responseTimedOut: true, null);

        Assert.Equal(504, error.StatusCode);
        Assert.Equal("Upstream 127.0.0.1:5001 did not respond within 300 ms.", error.Message);
    }

    [Fact]
    public void ForSend_ConnectTimeout_Is504WithTheLimit()
    {
        var connectTimeout = new TaskCanceledException("The operation was canceled.", new TimeoutException("connect"));

        var error = UpstreamErrors.ForSend(connectTimeout, Destination, Options, false, null);

        Assert.Equal(504, error.StatusCode);
        Assert.Equal("Upstream 127.0.0.1:5001 did not accept a connection within 2 s.", error.Message);
    }

    [Theory]
    [InlineData(StatusCodes.Status413PayloadTooLarge, 413)]
    [InlineData(StatusCodes.Status408RequestTimeout, 408)]
    [InlineData(StatusCodes.Status400BadRequest, 400)]
    public void ForSend_ClientBodyFailure_IsTheClientsFault(int kestrelStatus, int expected)
    {
        var clientFailure = new BadHttpRequestException("kestrel text", kestrelStatus);

        var error = UpstreamErrors.ForSend(Http(HttpRequestError.Unknown, clientFailure), Destination, Options, false, clientFailure);

        Assert.Equal(expected, error.StatusCode);
        Assert.DoesNotContain("kestrel text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForSend_KeepsTheCauseForTheLog()
    {
        var cause = Http(HttpRequestError.InvalidResponse);

        Assert.Same(cause, UpstreamErrors.ForSend(cause, Destination, Options, false, null).InnerException);
    }

    [Fact]
    public void IsStaleConnection_ResponseEnded_IsTrue() =>
        Assert.True(UpstreamErrors.IsStaleConnection(Http(HttpRequestError.ResponseEnded)));

    [Fact]
    public void IsStaleConnection_ResetWhileReading_IsTrue() =>
        Assert.True(UpstreamErrors.IsStaleConnection(Http(HttpRequestError.Unknown, new IOException("x", new SocketException((int)SocketError.ConnectionReset)))));

    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.InvalidResponse)]
    [InlineData(HttpRequestError.Unknown)]
    public void IsStaleConnection_OtherFailures_AreFalse(HttpRequestError kind) =>
        Assert.False(UpstreamErrors.IsStaleConnection(Http(kind, new SocketException((int)SocketError.ConnectionRefused))));

    [Fact]
    public void IsStaleConnection_Cancellation_IsFalse() =>
        Assert.False(UpstreamErrors.IsStaleConnection(new TaskCanceledException()));

    [Theory]
    [InlineData(300, "300 ms")]
    [InlineData(1500, "1500 ms")]
    [InlineData(5000, "5 s")]
    [InlineData(60000, "60 s")]
    public void FormatDuration_WholeSecondsInSeconds_OthersInMilliseconds(int milliseconds, string expected) =>
        Assert.Equal(expected, UpstreamErrors.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));
}
