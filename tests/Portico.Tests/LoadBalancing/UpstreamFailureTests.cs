using System.Net.Sockets;
using Portico.Errors;
using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class UpstreamFailureTests
{
    public static TheoryData<Exception, string> Cases => new()
    {
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.ConnectionError)), "NotConnected" },
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.NameResolutionError)), "NotConnected" },
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.SecureConnectionError)), "NotConnected" },
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.ResponseEnded)), "ConnectionLost" },
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.Unknown, "reset", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))), "ConnectionLost" },
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.Unknown, "refused", new SocketException((int)SocketError.ConnectionRefused))), "NotConnected" },
        { new GatewayException(504, "connect timeout", new TaskCanceledException("t", new TimeoutException())), "NotConnected" },
        { new GatewayException(504, "response timeout", new TaskCanceledException("t")), "Timeout" },
        { new GatewayException(504, "x", new TimeoutException()), "Timeout" },
        { new GatewayException(502, "x", new System.Net.WebSockets.WebSocketException("ws", new HttpRequestException(HttpRequestError.ConnectionError))), "NotConnected" },
        { new GatewayException(502, "x", new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded)), "None" },
        { new GatewayException(413, "too large"), "None" },
        { new GatewayException(502, "no cause"), "None" },
        { new InvalidOperationException("bug"), "None" },
        { new HttpRequestException(HttpRequestError.ConnectionError), "NotConnected" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_MapsForwarderFailures(Exception exception, string expected) =>
        Assert.Equal(expected, UpstreamFailure.Classify(exception).ToString());
}
