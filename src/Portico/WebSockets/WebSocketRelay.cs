using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Portico.Configuration;

namespace Portico.WebSockets;

/// <summary>
/// Relays messages between the client's socket and the upstream's, one pump per direction, and carries each close
/// across: when one side closes with code X and reason R the other side is closed with X and R, and its answer completes
/// the first side's close handshake.
/// </summary>
/// <remarks>
/// <para>
/// Messages keep their type and boundaries; a long message is relayed in chunks as it arrives (intermediaries may
/// re-fragment, RFC 6455 section 5.4), so memory per message is one pooled buffer whatever its size. Between messages
/// a pump waits with a zero-byte receive and holds no buffer, so idle connections cost no buffer memory. Pings and
/// pongs are answered per leg by the sockets themselves and are not relayed.
/// </para>
/// <para>
/// A leg lost without a close handshake (reset, protocol error, missed keep-alive) cannot be mirrored as 1006, which
/// RFC 6455 section 7.4.1 forbids on the wire, and cutting the other TCP connection would tell its peer nothing. So the
/// other leg gets a real close frame: the client is told 1011 (Internal Error, "Upstream connection lost."), since its
/// server failed unexpectedly; the upstream is told 1001 (Going Away, "Client connection lost."), what a browser sends
/// when it leaves. A message over <see cref="WebSocketConfig.MaxMessageSize"/> (when positive) closes both legs with 1009.
/// </para>
/// <para>
/// Once any close begins, both legs get <see cref="WebSocketConfig.CloseTimeout"/> to finish their handshakes; past
/// it both are aborted, so a peer that never answers cannot hold the connection.
/// </para>
/// </remarks>
internal sealed class WebSocketRelay
{
    /// <summary>Reason sent with 1001 when the gateway stops.</summary>
    public const string ShutdownReason = "Gateway shutting down";

    internal const string UpstreamLostReason = "Upstream connection lost.";
    internal const string ClientLostReason = "Client connection lost.";
    internal const string MessageTooBigReason = "Message too big.";

    private const int BufferSize = 32 * 1024;

    private readonly Leg _client;
    private readonly Leg _upstream;
    private readonly int _maxMessageSize;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _routeId;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _closeTimer;

    /// <summary>
    /// Creates the relay; it owns both sockets and disposes them when it ends. <c>clientFrames</c>, when a size limit
    /// applies, watches the client's frame headers: a frame declared over the limit is refused with 1009 as soon as its
    /// header arrives.
    /// </summary>
    public WebSocketRelay(WebSocket client, WebSocket upstream, WebSocketConfig config, TimeProvider timeProvider, ILogger logger, string routeId, FrameLengthLimitStream? clientFrames = null)
    {
        _client = new Leg(client, "client", WebSocketCloseStatus.EndpointUnavailable, ClientLostReason) { Frames = clientFrames };
        _upstream = new Leg(upstream, "upstream", WebSocketCloseStatus.InternalServerError, UpstreamLostReason);
        _maxMessageSize = config.MaxMessageSize;
        _closeTimeout = config.CloseTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _routeId = routeId;
    }

    private enum Outcome
    {
        MessageRelayed,
        SourceClosed,
        SourceLost,
        DestinationLost,
        TooBig,
    }

    /// <summary>Completes when both legs are done and the sockets are disposed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Relays until both legs are closed or lost. Never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            await Task.WhenAll(PumpAsync(_client, _upstream), PumpAsync(_upstream, _client));
        }
        finally
        {
            _closeTimer?.Dispose();
            _client.Socket.Dispose();
            _upstream.Socket.Dispose();
            WebSocketLog.Ended(_logger, _routeId, _client.MessagesReceived, _upstream.MessagesReceived, _client.Socket.CloseStatus);
            _completion.TrySetResult();
        }
    }

    /// <summary>
    /// Closes both legs with <paramref name="status"/> (e.g. 1001 on shutdown) and returns <see cref="Completion"/>, which
    /// completes once the peers have answered or the close timeout has passed.
    /// </summary>
    public Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        _ = CloseLegAsync(_client, status, reason);
        _ = CloseLegAsync(_upstream, status, reason);
        return Completion;
    }

    private async Task PumpAsync(Leg source, Leg destination)
    {
        switch (await RelayMessagesAsync(source, destination))
        {
            case Outcome.SourceClosed:
                var status = source.Socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure;
                var reason = source.Socket.CloseStatusDescription;
                WebSocketLog.PeerClosed(_logger, _routeId, source.Name, (int)status, reason);
                await CloseLegAsync(destination, status, reason);
                break;

            case Outcome.SourceLost:
                WebSocketLog.ConnectionLost(_logger, _routeId, source.Name, source.Failure);
                await CloseLegAsync(destination, source.LostStatus, source.LostReason);
                break;

            case Outcome.DestinationLost:
                WebSocketLog.ConnectionLost(_logger, _routeId, destination.Name, destination.Failure);
                await CloseLegAsync(source, destination.LostStatus, destination.LostReason);
                await DrainUntilCloseAsync(source);
                break;

            case Outcome.TooBig:
                WebSocketLog.MessageTooBig(_logger, _routeId, source.Name, _maxMessageSize);
                await CloseLegAsync(destination, WebSocketCloseStatus.MessageTooBig, MessageTooBigReason);
                await CloseLegAsync(source, WebSocketCloseStatus.MessageTooBig, MessageTooBigReason);
                await DrainUntilCloseAsync(source);
                break;
        }
    }

    private async Task<Outcome> RelayMessagesAsync(Leg source, Leg destination)
    {
        while (true)
        {
            ValueWebSocketReceiveResult first;
            try
            {
                // Waits for the next message without holding a buffer.
                first = await source.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            }
            catch (Exception ex)
            {
                source.Failure = ex;
                return Outcome.SourceLost;
            }

            if (first.MessageType == WebSocketMessageType.Close)
            {
                return Outcome.SourceClosed;
            }

            if (source.Frames is { LimitExceeded: true })
            {
                return Outcome.TooBig;
            }

            var outcome = first.EndOfMessage
                ? await SendAsync(destination, ReadOnlyMemory<byte>.Empty, first.MessageType, endOfMessage: true)
                : await RelayMessageAsync(source, destination);
            if (outcome != Outcome.MessageRelayed)
            {
                return outcome;
            }

            source.MessagesReceived++;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome> RelayMessageAsync(Leg source, Leg destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await source.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                }
                catch (Exception ex)
                {
                    source.Failure = ex;
                    return Outcome.SourceLost;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return Outcome.SourceClosed;
                }

                if (source.Frames is { LimitExceeded: true })
                {
                    return Outcome.TooBig;
                }

                size += result.Count;
                if (_maxMessageSize > 0 && size > _maxMessageSize)
                {
                    return Outcome.TooBig;
                }

                var sent = await SendAsync(destination, buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage);
                if (sent != Outcome.MessageRelayed || result.EndOfMessage)
                {
                    return sent;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome> SendAsync(Leg destination, ReadOnlyMemory<byte> data, WebSocketMessageType type, bool endOfMessage)
    {
        await destination.SendLock.WaitAsync();
        try
        {
            await destination.Socket.SendAsync(data, type, endOfMessage, CancellationToken.None);
            return Outcome.MessageRelayed;
        }
        catch (Exception ex)
        {
            destination.Failure ??= ex;
            return Outcome.DestinationLost;
        }
        finally
        {
            destination.SendLock.Release();
        }
    }

    /// <summary>Sends a close frame unless the leg has already sent one or is gone. Never throws.</summary>
    private async Task CloseLegAsync(Leg leg, WebSocketCloseStatus status, string? reason)
    {
        StartCloseTimer();
        await leg.SendLock.WaitAsync();
        try
        {
            if (leg.Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await leg.Socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            WebSocketLog.CloseFailed(_logger, _routeId, leg.Name, ex);
        }
        finally
        {
            leg.SendLock.Release();
        }
    }

    /// <summary>
    /// After the gateway sent a close on its own initiative, reads and discards until the peer's close arrives
    /// (RFC 6455 section 7.1.1), so the handshake completes instead of ending in a reset.
    /// </summary>
    private static async Task DrainUntilCloseAsync(Leg leg)
    {
        if (leg.Socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while ((await leg.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex)
        {
            // Lost while closing: nothing is left to tell this peer.
            leg.Failure ??= ex;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void StartCloseTimer()
    {
        if (Volatile.Read(ref _closeTimer) is not null)
        {
            return;
        }

        var timer = _timeProvider.CreateTimer(static state => ((WebSocketRelay)state!).OnCloseTimeout(), this, _closeTimeout, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _closeTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private void OnCloseTimeout()
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        WebSocketLog.CloseTimedOut(_logger, _routeId, _closeTimeout);
        _client.Socket.Abort();
        _upstream.Socket.Abort();
    }

    /// <summary>One side of the relay: its socket, the lock that keeps its sends one at a time, and what to tell the other side if it is lost.</summary>
    private sealed class Leg(WebSocket socket, string name, WebSocketCloseStatus lostStatus, string lostReason)
    {
        public WebSocket Socket { get; } = socket;

        public string Name { get; } = name;

        // Both pumps and the shutdown path may send on a leg; a WebSocket allows one send at a time.
        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public WebSocketCloseStatus LostStatus { get; } = lostStatus;

        public string LostReason { get; } = lostReason;

        public Exception? Failure { get; set; }

        public FrameLengthLimitStream? Frames { get; init; }

        public long MessagesReceived { get; set; }
    }
}
