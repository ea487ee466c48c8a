using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Portico.Resources;

namespace Portico.Server.Hosting;

/// <summary>
/// Kestrel's socket transport with an accept loop that pauses when the process is out of descriptors or buffers.
/// Kestrel's own listener retries a failed accept at once, and with "Too many open files" that spins a core, piles up
/// exceptions and log state until the runtime runs out of memory and aborts, dropping every connection.
/// Here the loop waits, doubling from <see cref="MinDelay"/> to <see cref="MaxDelay"/>, while the kernel's
/// backlog holds or refuses new clients; established connections are untouched.
/// </summary>
internal sealed class BackoffSocketTransportFactory(
    IOptions<SocketTransportOptions> options,
    ResourceExhaustion exhaustion,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>The first pause after an accept failed for want of a resource.</summary>
    public static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest pause between two accept attempts while the shortage lasts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        Socket socket;
        try
        {
            socket = settings.CreateBoundListenSocket(endpoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // As Kestrel's own transport, so the host reports a taken address the way it always has.
            throw new AddressInUseException(ex.Message, ex);
        }

        try
        {
            socket.Listen(settings.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var factory = new SocketConnectionContextFactory(FactoryOptions(settings), loggerFactory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        return ValueTask.FromResult<IConnectionListener>(new Listener(socket, factory, settings.NoDelay, exhaustion, time));
    }

    /// <summary>
    /// The connection options Kestrel's own listener would use. Its constructor from the transport options is not
    /// public but carries settings the public one cannot (the memory pool Kestrel shares with the server: with another
    /// pool, response writes failed), so it is used when present.
    /// </summary>
    private static SocketConnectionFactoryOptions FactoryOptions(SocketTransportOptions settings)
    {
        var internalConstructor = typeof(SocketConnectionFactoryOptions).GetConstructor(
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, [typeof(SocketTransportOptions)]);
        if (internalConstructor?.Invoke([settings]) is SocketConnectionFactoryOptions same)
        {
            return same;
        }

        return new SocketConnectionFactoryOptions
        {
            IOQueueCount = settings.IOQueueCount,
            WaitForDataBeforeAllocatingBuffer = settings.WaitForDataBeforeAllocatingBuffer,
            MaxReadBufferSize = settings.MaxReadBufferSize,
            MaxWriteBufferSize = settings.MaxWriteBufferSize,
            UnsafePreferInlineScheduling = settings.UnsafePreferInlineScheduling,
        };
    }

    private sealed class Listener(Socket socket, SocketConnectionContextFactory factory, bool noDelay, ResourceExhaustion exhaustion, TimeProvider time) : IConnectionListener
    {
        public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            var delay = MinDelay;
            while (true)
            {
                try
                {
                    var accepted = await socket.AcceptAsync(cancellationToken);
                    if (accepted.LocalEndPoint is IPEndPoint)
                    {
                        accepted.NoDelay = noDelay;
                    }

                    return factory.Create(accepted);
                }
                catch (ObjectDisposedException)
                {
                    return null;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
                {
                    return null;
                }
                catch (Exception ex) when (ResourceExhaustion.Classify(ex) is { } resource)
                {
                    exhaustion.Report(resource, "accept");
                    try
                    {
                        await Task.Delay(delay, time, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }

                    delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
                }
                catch (SocketException)
                {
                    // As Kestrel: a connection reset while it waited in the backlog; take the next one.
                }
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            factory.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
