using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Portico.Errors;

/// <summary>
/// Parses JSON a client sent. System.Text.Json checks the structure while parsing but decodes a string only when it is
/// read, and then fails with <see cref="InvalidOperationException"/> ("Cannot transcode invalid UTF-8"), which a reader
/// of a well-formed document does not expect. Checking the bytes first turns invalid UTF-8 (JSON text is UTF-8, RFC 8259
/// §8.1) into the <see cref="JsonException"/> every body reader already answers as the client's error.
/// </summary>
internal static class ClientJson
{
    /// <summary>Throws <see cref="JsonException"/> naming the first byte that is not UTF-8.</summary>
    public static void EnsureUtf8(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new JsonException(InvalidUtf8Message(utf8));
        }
    }

    /// <summary>Parses <paramref name="utf8"/>, refusing invalid UTF-8 as malformed JSON.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default)
    {
        EnsureUtf8(utf8.Span);
        return JsonDocument.Parse(utf8, options);
    }

    /// <summary>"The text is not valid UTF-8 (byte N)." with N counted from 1.</summary>
    public static string InvalidUtf8Message(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length && Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return $"The text is not valid UTF-8 (byte {offset + 1}).";
    }
}
