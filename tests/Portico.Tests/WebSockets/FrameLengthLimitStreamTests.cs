using System.Net.WebSockets;
using Portico.WebSockets;

namespace Portico.Tests.WebSockets;

public sealed class FrameLengthLimitStreamTests
{
    /// <summary>A masked client frame header declaring <paramref name="length"/> (payload not included).</summary>
    private static byte[] Header(long length, bool masked = true)
    {
        var mask = masked ? 0x80 : 0;
        byte[] header = length switch
        {
            < 126 => [0x81, (byte)(mask | (int)length)],
            <= ushort.MaxValue => [0x81, (byte)(mask | 126), (byte)(length >> 8), (byte)length],
            _ => [0x81, (byte)(mask | 127), 0, 0, 0, (byte)(length >> 32), (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length],
        };
        return masked ? [.. header, 1, 2, 3, 4] : header;
    }

    private static byte[] Frame(int length) => [.. Header(length), .. new byte[length]];

    private static FrameLengthLimitStream Create(long limit) => new(Stream.Null, limit);

    [Fact]
    public void Inspect_FramesUpToLimit_NotExceeded()
    {
        var stream = Create(1000);

        stream.Inspect([.. Frame(10), .. Frame(1000), .. Frame(0), .. Frame(200)]);

        Assert.False(stream.LimitExceeded);
    }

    [Fact]
    public void Inspect_SixteenBitLengthOverLimit_Exceeded()
    {
        var stream = Create(1000);

        stream.Inspect([.. Frame(5), .. Header(1001)]);

        Assert.True(stream.LimitExceeded);
    }

    [Fact]
    public void Inspect_SixtyFourBitLengthOverLimit_Exceeded()
    {
        var stream = Create(655350);

        stream.Inspect(Header(70_000_000));

        Assert.True(stream.LimitExceeded);
    }

    [Fact]
    public void Inspect_HeadersSplitByteByByte_TrackedAcrossReads()
    {
        var stream = Create(300);

        // The third frame's length is known, and judged, once its last length byte has arrived (before its masking key).
        byte[] bytes = [.. Frame(200), .. Frame(300), .. Header(301)[..4]];

        for (var i = 0; i < bytes.Length - 1; i++)
        {
            stream.Inspect(bytes.AsSpan(i, 1));
            Assert.False(stream.LimitExceeded);
        }

        stream.Inspect(bytes.AsSpan(^1));
        Assert.True(stream.LimitExceeded);
    }

    [Fact]
    public void Inspect_PayloadBytesLookingLikeHeader_NotMistakenForOne()
    {
        var stream = Create(100);
        var payload = Enumerable.Repeat((byte)0xFF, 100).ToArray();

        stream.Inspect([.. Header(100), .. payload, .. Frame(3)]);

        Assert.False(stream.LimitExceeded);
    }

    [Fact]
    public void Inspect_UnmaskedFrame_NoMaskingKeyExpected()
    {
        var stream = Create(10);

        stream.Inspect([.. Header(4, masked: false), 1, 2, 3, 4, .. Header(11, masked: false)]);

        Assert.True(stream.LimitExceeded);
    }

    [Fact]
    public async Task ReadAsync_RealClientFrames_SeenThroughTheStream()
    {
        // What a real client socket writes: a small message, then one whose single frame is over the limit.
        using var wire = new MemoryStream();
        using (var client = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = false }))
        {
            await client.SendAsync(new byte[100], WebSocketMessageType.Binary, true, CancellationToken.None);
            Assert.False(await LimitExceededAfterReadingAsync(wire.ToArray(), limit: 100));
            await client.SendAsync(new byte[101], WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        Assert.True(await LimitExceededAfterReadingAsync(wire.ToArray(), limit: 100));
    }

    private static async Task<bool> LimitExceededAfterReadingAsync(byte[] bytes, long limit)
    {
        using var stream = new FrameLengthLimitStream(new MemoryStream(bytes), limit);
        var buffer = new byte[7];
        while (await stream.ReadAsync(buffer.AsMemory()) > 0)
        {
        }

        return stream.LimitExceeded;
    }
}
