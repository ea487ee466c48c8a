using System.Buffers;
using System.Net.WebSockets;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// A whole WebSocket message in a buffer rented from the shared pool. Exactly one owner at a time; the owner that is
/// done with it calls <see cref="Return"/> once.
/// </summary>
internal readonly struct PooledMessage
{
    private readonly byte[]? _buffer;

    public PooledMessage(byte[] buffer, int length, WebSocketMessageType type, string? method = null)
    {
        _buffer = buffer;
        Length = length;
        Type = type;
        Method = method;
    }

    public int Length { get; }

    public WebSocketMessageType Type { get; }

    /// <summary>The REST path a client message stands for (its <c>method</c>), or null for backend messages.</summary>
    public string? Method { get; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? default : _buffer.AsMemory(0, Length);

    /// <summary>The same message (and buffer, whose ownership moves to the copy) tagged with <paramref name="method"/>.</summary>
    public PooledMessage WithMethod(string? method) => new(_buffer!, Length, Type, method);

    /// <summary>A pooled copy of <paramref name="data"/>.</summary>
    public static PooledMessage Copy(ReadOnlySpan<byte> data, WebSocketMessageType type, string? method = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(buffer);
        return new PooledMessage(buffer, data.Length, type, method);
    }

    public void Return()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}

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
