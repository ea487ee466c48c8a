using Microsoft.Extensions.Logging;
using Portico.Health;
using Portico.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>The shared services every multiplexed client connection uses.</summary>
internal sealed class LinkisWebSocketServices(
    LinkisFrameRouter router,
    UpstreamWebSocketConnector connector,
    InstanceHealthStore health,
    LinkisWebSocketMetrics metrics,
    TimeProvider time,
    ILogger<LinkisWebSocketConnection> logger)
{
    public LinkisFrameRouter Router { get; } = router;

    public UpstreamWebSocketConnector Connector { get; } = connector;

    public InstanceHealthStore Health { get; } = health;

    public LinkisWebSocketMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;
}
