namespace Portico.WebSockets;

/// <summary>
/// Turns the configured keep-alive interval into socket settings shared by both legs. The gateway sends a ping every
/// interval and expects the pong within one more interval; a peer that stays silent is treated as lost, so dead
/// clients and upstreams do not hold a proxied connection open for ever.
/// </summary>
internal static class WebSocketKeepAlive
{
    /// <summary>The ping interval; <see cref="TimeSpan.Zero"/> disables pings.</summary>
    public static TimeSpan IntervalFor(TimeSpan? interval) =>
        interval is { } value && value > TimeSpan.Zero ? value : TimeSpan.Zero;

    /// <summary>How long to wait for a pong; infinite (no ping-pong deadline) when pings are disabled.</summary>
    public static TimeSpan TimeoutFor(TimeSpan? interval) =>
        interval is { } value && value > TimeSpan.Zero ? value : Timeout.InfiniteTimeSpan;
}
