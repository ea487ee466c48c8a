using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Portico.Errors;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;
using Portico.LoadBalancing;
using Portico.Security.Linkis;
using Portico.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// One accepted client socket on the Linkis <c>ws</c> route (§5.5's <c>ClientConnection</c>). Its receive loop takes
/// the client's messages one at a time: re-checks the session, reads the <see cref="ServerEvent"/>, routes it afresh and
/// hands the original text to the backend connection of the chosen application and instance, or answers with an error
/// message and carries on. Everything sent to the client (backend messages, the gateway's own messages, the close
/// frame) goes through one outbound queue and one writer. Closes travel both ways: the client leaving closes every
/// backend connection, a backend connection ending is reported to the client.
/// </summary>
internal sealed class LinkisWebSocketConnection : IBackendListener, IDisposable
{
    /// <summary>Backend messages that may wait for the client before the backends' reads are held back.</summary>
    internal const int OutboundCapacity = 64;

    private readonly WebSocket _socket;
    private readonly FrameLengthLimitStream? _frames;
    private readonly LinkisHandshake _handshake;
    private readonly LinkisSessionCheck? _session;
    private readonly LinkisWebSocketServices _services;
    private readonly LinkisBackendPool _backends;
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _credits = new(OutboundCapacity, OutboundCapacity);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly int _maxMessageSize;
    private readonly TimeSpan _closeTimeout;
    private CloseRequest? _close;
    private ITimer? _closeTimer;
    private string _lastMethod;
    private long _messages;

    public LinkisWebSocketConnection(
        long id,
        WebSocket socket,
        FrameLengthLimitStream? frames,
        LinkisHandshake handshake,
        LinkisSessionCheck? session,
        string? ticket,
        string? userName,
        LinkisWebSocketServices services)
    {
        Id = id;
        _socket = socket;
        _frames = frames;
        _handshake = handshake;
        _session = session;
        Ticket = ticket;
        UserName = userName;
        _services = services;
        _lastMethod = handshake.Path;
        var linkis = handshake.Settings.Config;
        _maxMessageSize = linkis.WebSocketMaxMessageSize;
        _closeTimeout = handshake.Exchange.Config.WebSocket.CloseTimeout;
        _backends = new LinkisBackendPool(
            id,
            ConnectBackendAsync,
            this,
            new BackendPoolSettings(_maxMessageSize, _closeTimeout, linkis.WebSocketHeartbeat),
            services.Time,
            services.Logger,
            services.Metrics);
    }

    public long Id { get; }

    /// <summary>The session ticket the socket was opened with, or null.</summary>
    public string? Ticket { get; }

    /// <summary>The user, when known.</summary>
    public string? UserName { get; }

    /// <summary>Completes when the socket and every backend connection have ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Serves the socket until it closes; never throws.</summary>
    public async Task RunAsync()
    {
        _services.Metrics.ConnectionOpened();
        LinkisWebSocketLog.Opened(_services.Logger, Id, _handshake.Path, UserName, _socket.SubProtocol);
        var writer = WriteLoopAsync();
        Task backends;
        if (await ReceiveLoopAsync())
        {
            // Answer the client's close with its own code, and pass the code on to the backends.
            var status = _socket.CloseStatus ?? WebSocketCloseStatus.Empty;
            var reason = _socket.CloseStatusDescription;
            RequestClose(status, reason, notice: null, discardPending: true);
            backends = _backends.CloseAllAsync(status == WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : status, reason);
        }
        else
        {
            _socket.Abort();
            _outbound.Writer.TryComplete();
            backends = _backends.CloseAllAsync(WebSocketCloseStatus.EndpointUnavailable, WebSocketRelay.ClientLostReason);
        }

        // Frees backend relays waiting for room in the outbound queue.
        await _lifetime.CancelAsync();
        await writer;
        await backends;
        _closeTimer?.Dispose();
        _socket.Dispose();
        _services.Metrics.ConnectionClosed();
        LinkisWebSocketLog.Ended(_services.Logger, Id, _messages, _socket.CloseStatus);
        _completion.TrySetResult();
    }

    /// <summary>Tells the client its session has ended (status -1) and closes the socket; its backends are closed too.</summary>
    public void CloseForLogout() =>
        CloseByGateway(WebSocketCloseStatus.NormalClosure, LinkisWebSocketErrors.LoggedOutCloseReason, NotLoggedInMessage());

    /// <summary>Closes the socket and its backends with 1001 because the gateway stops; returns <see cref="Completion"/>.</summary>
    public Task CloseForShutdown()
    {
        CloseByGateway(WebSocketCloseStatus.EndpointUnavailable, WebSocketRelay.ShutdownReason, notice: null);
        return Completion;
    }

    /// <summary>Releases what <see cref="RunAsync"/> leaves once it has returned.</summary>
    public void Dispose()
    {
        _closeTimer?.Dispose();
        _backends.Dispose();
        _credits.Dispose();
        _lifetime.Dispose();
    }

    public async ValueTask OnMessageAsync(LinkisBackendConnection backend, PooledMessage message)
    {
        try
        {
            await _credits.WaitAsync(_lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            message.Return();
            return;
        }

        if (!_outbound.Writer.TryWrite(new Outbound(message, Credited: true)))
        {
            message.Return();
            _credits.Release();
            return;
        }

        // Like Linkis, traffic from the backends keeps the user's session alive.
        _session?.IsLoggedIn();
    }

    public void OnConnectFailed(LinkisBackendConnection backend, string? method, Exception exception)
    {
        // Only the gateway's own texts reach the client; anything else is logged by the pool.
        var reason = exception is GatewayException gateway ? gateway.Message : "Could not open a WebSocket connection to the upstream.";
        Notify(LinkisMessage.Error(LinkisWebSocketErrors.BackendUnavailable(backend.Key.Application, reason)).WithMethod(method ?? Volatile.Read(ref _lastMethod)));
    }

    public void OnClosed(LinkisBackendConnection backend, int closeCode, string? reason) =>
        Notify(LinkisMessage.Error(LinkisWebSocketErrors.BackendClosed(backend.Key.Application, closeCode, reason)).WithMethod(backend.LastMethod ?? _handshake.Path));

    /// <summary>Reads and handles the client's messages; true when the client closed, false when the connection was lost.</summary>
    private async Task<bool> ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var (status, message) = await MessageReader.ReadAsync(_socket, _maxMessageSize, _frames);
                switch (status)
                {
                    case MessageReadStatus.Closed:
                        return true;

                    case MessageReadStatus.TooBig:
                        LinkisWebSocketLog.MessageTooBig(_services.Logger, Id, "client", _maxMessageSize);
                        return await CloseTooBigAsync();

                    case MessageReadStatus.FrameTooBig:
                        LinkisWebSocketLog.FrameTooBig(_services.Logger, Id, _handshake.Settings.Config.WebSocketMaxFrameLength);
                        return await CloseTooBigAsync();

                    default:
                        _messages++;
                        if (Volatile.Read(ref _close) is not null)
                        {
                            // Closing: messages still in flight from the client are not acted on.
                            message.Return();
                        }
                        else
                        {
                            await HandleAsync(message);
                        }

                        break;
                }
            }
        }
        catch (Exception ex)
        {
            LinkisWebSocketLog.ClientLost(_services.Logger, Id, ex);
            return false;
        }
    }

    /// <summary>Handles one client message, taking ownership of it.</summary>
    private async ValueTask HandleAsync(PooledMessage message)
    {
        if (_session is { } session && !session.IsLoggedIn())
        {
            message.Return();
            _services.Metrics.MessageRejected();
            LinkisWebSocketLog.NotLoggedIn(_services.Logger, Id);
            CloseByGateway(WebSocketCloseStatus.PolicyViolation, LinkisWebSocketErrors.NotLoggedInCloseReason, NotLoggedInMessage());
            return;
        }

        if (!ServerEvent.TryParse(message.Memory.Span, out var parsed, out var error))
        {
            message.Return();
            await AnswerAsync(LinkisMessage.Error(error!).WithMethod(_handshake.Path));
            return;
        }

        var (path, query) = SplitMethod(parsed.Method);
        var decision = await _services.Router.RouteAsync(
            _handshake,
            Id,
            path,
            query,
            new LinkisRequestBody(parsed.Data, Encoding.UTF8),
            _backends.FindInstance,
            _lifetime.Token);
        Volatile.Write(ref _lastMethod, path);
        if (decision.Target is not { } target)
        {
            message.Return();
            await AnswerAsync(decision.Answer!);
            return;
        }

        _services.Metrics.MessageRouted();

        // The message goes on exactly as the client sent it.
        await _backends.SendAsync(target, message.WithMethod(path));
    }

    /// <summary>The path and query a message stands for: its <c>method</c> (a query in it wins), else the handshake's.</summary>
    private (string Path, IQueryCollection Query) SplitMethod(string? method)
    {
        if (string.IsNullOrWhiteSpace(method))
        {
            return (_handshake.Path, _handshake.Query);
        }

        var q = method.IndexOf('?', StringComparison.Ordinal);
        return q < 0
            ? (method, _handshake.Query)
            : (method[..q], new QueryCollection(QueryHelpers.ParseQuery(method[q..])));
    }

    /// <summary>Sends an answer of the gateway for the message just handled, waiting for room like a backend message.</summary>
    private async ValueTask AnswerAsync(LinkisMessage answer)
    {
        _services.Metrics.MessageAnswered();
        LinkisWebSocketLog.Answered(_services.Logger, Id, answer.Method ?? "", answer.Message);
        try
        {
            await _credits.WaitAsync(_lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var encoded = Encode(answer);
        if (!_outbound.Writer.TryWrite(new Outbound(encoded, Credited: true)))
        {
            encoded.Return();
            _credits.Release();
        }
    }

    /// <summary>Queues a notice of the gateway's own (a backend ended or failed); never waits.</summary>
    private void Notify(LinkisMessage notice)
    {
        var encoded = Encode(notice);
        if (!_outbound.Writer.TryWrite(new Outbound(encoded, Credited: false)))
        {
            encoded.Return();
        }
    }

    private LinkisMessage NotLoggedInMessage() =>
        new(Volatile.Read(ref _lastMethod), LinkisMessageStatus.NotLoggedIn, LinkisUserMessages.NotLoggedIn);

    private static PooledMessage Encode(LinkisMessage message)
    {
        var json = message.ToUtf8Json();
        return PooledMessage.Copy(json, WebSocketMessageType.Text);
    }

    /// <summary>Closes the client with 1009 after a message or frame over the limit, then waits for its close.</summary>
    private async Task<bool> CloseTooBigAsync()
    {
        RequestClose(WebSocketCloseStatus.MessageTooBig, LinkisBackendConnection.MessageTooBigReason, notice: null, discardPending: false);
        _ = _backends.CloseAllAsync(WebSocketCloseStatus.EndpointUnavailable, WebSocketRelay.ClientLostReason);
        return await DrainUntilCloseAsync();
    }

    /// <summary>
    /// After the gateway's close, reads and discards until the client's close arrives (RFC 6455 section 7.1.1); the close
    /// timer aborts a client that never answers.
    /// </summary>
    private async Task<bool> DrainUntilCloseAsync()
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while ((await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CloseByGateway(WebSocketCloseStatus status, string reason, LinkisMessage? notice)
    {
        if (RequestClose(status, reason, notice, discardPending: false))
        {
            _ = _backends.CloseAllAsync(WebSocketCloseStatus.EndpointUnavailable, reason);
        }
    }

    /// <summary>
    /// Ends the outbound queue with <paramref name="notice"/> (when given) and a close frame; with
    /// <paramref name="discardPending"/> the messages still queued are dropped. Only the first call counts.
    /// </summary>
    private bool RequestClose(WebSocketCloseStatus status, string? reason, LinkisMessage? notice, bool discardPending)
    {
        lock (_lock)
        {
            if (_close is not null)
            {
                return false;
            }

            _close = new CloseRequest(status, status == WebSocketCloseStatus.Empty ? null : reason, discardPending);
            if (notice is not null)
            {
                var encoded = Encode(notice);
                if (!_outbound.Writer.TryWrite(new Outbound(encoded, Credited: false)))
                {
                    encoded.Return();
                }
            }

            _outbound.Writer.TryComplete();
        }

        StartCloseTimer();
        return true;
    }

    /// <summary>The only sender to the client: queued messages in order, then the close frame.</summary>
    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        if (Volatile.Read(ref _close) is not { DiscardPending: true })
                        {
                            await _socket.SendAsync(item.Message.Memory, item.Message.Type, endOfMessage: true, CancellationToken.None);
                        }
                    }
                    finally
                    {
                        Release(item);
                    }
                }
            }

            if (Volatile.Read(ref _close) is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // The client is gone: the receive loop ends too, and what is still queued is dropped.
            LinkisWebSocketLog.ClientLost(_services.Logger, Id, ex);
            _socket.Abort();
            _outbound.Writer.TryComplete();
            while (reader.TryRead(out var item))
            {
                Release(item);
            }
        }
    }

    private void Release(Outbound item)
    {
        item.Message.Return();
        if (item.Credited)
        {
            _credits.Release();
        }
    }

    private void StartCloseTimer()
    {
        var timer = _services.Time.CreateTimer(static state => ((LinkisWebSocketConnection)state!).OnCloseTimeout(), this, _closeTimeout, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _closeTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private void OnCloseTimeout()
    {
        if (_socket.State is WebSocketState.Closed or WebSocketState.Aborted)
        {
            return;
        }

        LinkisWebSocketLog.CloseTimedOut(_services.Logger, Id, "client", _closeTimeout);
        _socket.Abort();
    }

    /// <summary>Opens a backend connection with the handshake's headers; reports the outcome to passive health.</summary>
    private async Task<WebSocket> ConnectBackendAsync(BackendTarget target, CancellationToken cancellationToken)
    {
        var passive = ServiceConfigLookup.For(_handshake.Exchange.Config, target.Application).Health.Passive;
        try
        {
            var socket = await _services.Connector.ConnectAsync(_handshake.UrlFor(target.Instance), _handshake.For(target), cancellationToken);

            // The handshake's response headers are not needed for the life of the socket.
            socket.HttpResponseHeaders = null;
            _services.Health.ReportRequest(target.Application, target.Instance, failed: false, detail: null, passive);
            return socket;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = UpstreamFailure.Classify(ex);
            if (failure != UpstreamFailureKind.None)
            {
                _services.Health.ReportRequest(target.Application, target.Instance, failed: true, UpstreamFailure.Describe(failure), passive);
            }

            throw;
        }
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string? Reason, bool DiscardPending);

    private readonly record struct Outbound(PooledMessage Message, bool Credited);
}
