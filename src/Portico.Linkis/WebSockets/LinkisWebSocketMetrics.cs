using System.Diagnostics.Metrics;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// Instruments of the Linkis WebSocket multiplexer on the <c>Portico</c> meter: open client sockets, open backend
/// connections (tagged <c>service</c>), and client messages by <c>outcome</c> (<c>routed</c>, <c>answered</c> by the
/// gateway with an error, <c>rejected</c> because the session ended).
/// </summary>
internal sealed class LinkisWebSocketMetrics
{
    private static readonly KeyValuePair<string, object?> Routed = new("outcome", "routed");
    private static readonly KeyValuePair<string, object?> Answered = new("outcome", "answered");
    private static readonly KeyValuePair<string, object?> Rejected = new("outcome", "rejected");

    private readonly UpDownCounter<long>? _connections;
    private readonly UpDownCounter<long>? _backends;
    private readonly Counter<long>? _messages;

    public LinkisWebSocketMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            return;
        }

        var meter = meterFactory.Create(Observability.PorticoMetrics.MeterName);
        _connections = meter.CreateUpDownCounter<long>(
            "portico.linkis.websocket.connections",
            unit: "{connection}",
            description: "Open client WebSockets on the Linkis ws route.");
        _backends = meter.CreateUpDownCounter<long>(
            "portico.linkis.websocket.backends",
            unit: "{connection}",
            description: "Open WebSocket connections from multiplexed client sockets to backend instances.");
        _messages = meter.CreateCounter<long>(
            "portico.linkis.websocket.messages",
            unit: "{message}",
            description: "Messages received from clients on the Linkis ws route, by outcome.");
    }

    public void ConnectionOpened() => _connections?.Add(1);

    public void ConnectionClosed() => _connections?.Add(-1);

    public void BackendOpened(string service) => _backends?.Add(1, new KeyValuePair<string, object?>("service", service));

    public void BackendClosed(string service) => _backends?.Add(-1, new KeyValuePair<string, object?>("service", service));

    public void MessageRouted() => _messages?.Add(1, Routed);

    public void MessageAnswered() => _messages?.Add(1, Answered);

    public void MessageRejected() => _messages?.Add(1, Rejected);
}
