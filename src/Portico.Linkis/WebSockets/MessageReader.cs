using System.Buffers;
using System.Net.WebSockets;
using Portico.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>How reading one message ended.</summary>
internal enum MessageReadStatus
{
    /// <summary>A whole message was read.</summary>
    Message,

    /// <summary>The peer sent a close frame.</summary>
    Closed,

    /// <summary>The message grew past the size limit; nothing of it is kept.</summary>
    TooBig,

    /// <summary>A frame declared a payload past the frame limit.</summary>
    FrameTooBig,
}

/// <summary>Reads whole messages into pooled buffers, within a size limit.</summary>
internal static class MessageReader
{
    private const int InitialBufferSize = 4 * 1024;

    /// <summary>
    /// Waits for the next message without holding a buffer, then reads it whole. On <see cref="MessageReadStatus.Message"/>
    /// the caller owns the message returned. Exceptions of the socket (a lost connection) propagate.
    /// </summary>
    public static async ValueTask<(MessageReadStatus Status, PooledMessage Message)> ReadAsync(WebSocket socket, int maxSize, FrameLengthLimitStream? frames)
    {
        var first = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return (MessageReadStatus.Closed, default);
        }

        if (frames is { LimitExceeded: true })
        {
            return (MessageReadStatus.FrameTooBig, default);
        }

        var type = first.MessageType;
        if (first.EndOfMessage)
        {
            return (MessageReadStatus.Message, new PooledMessage(ArrayPool<byte>.Shared.Rent(1), 0, type));
        }

        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent(Math.Min(InitialBufferSize, maxSize + 1));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    // Never larger than one byte past the limit: that byte is enough to tell the message is too big.
                    var grown = pool.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxSize + 1));
                    buffer.AsSpan(0, count).CopyTo(grown);
                    pool.Return(buffer);
                    buffer = grown;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    pool.Return(buffer);
                    return (MessageReadStatus.Closed, default);
                }

                if (frames is { LimitExceeded: true })
                {
                    pool.Return(buffer);
                    return (MessageReadStatus.FrameTooBig, default);
                }

                count += result.Count;
                if (count > maxSize)
                {
                    pool.Return(buffer);
                    return (MessageReadStatus.TooBig, default);
                }

                if (result.EndOfMessage)
                {
                    return (MessageReadStatus.Message, new PooledMessage(buffer, count, type));
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }
}
