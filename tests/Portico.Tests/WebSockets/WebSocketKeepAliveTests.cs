using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class WebSocketKeepAliveTests
{
    [Fact]
    public void Settings_IntervalConfigured_PingEveryIntervalAndWaitOneIntervalForPong()
    {
        var interval = TimeSpan.FromSeconds(30);

        Assert.Equal(interval, WebSocketKeepAlive.IntervalFor(interval));
        Assert.Equal(interval, WebSocketKeepAlive.TimeoutFor(interval));
    }

    [Fact]
    public void Settings_NullInterval_DisablesPings()
    {
        Assert.Equal(TimeSpan.Zero, WebSocketKeepAlive.IntervalFor(null));
        Assert.Equal(Timeout.InfiniteTimeSpan, WebSocketKeepAlive.TimeoutFor(null));
    }

    [Fact]
    public void Settings_ZeroInterval_DisablesPings()
    {
        Assert.Equal(TimeSpan.Zero, WebSocketKeepAlive.IntervalFor(TimeSpan.Zero));
        Assert.Equal(Timeout.InfiniteTimeSpan, WebSocketKeepAlive.TimeoutFor(TimeSpan.Zero));
    }
}
