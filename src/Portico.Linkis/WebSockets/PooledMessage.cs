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
