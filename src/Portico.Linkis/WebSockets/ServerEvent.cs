using System.Text.Json;
using Portico.Errors;

namespace Portico.Linkis.WebSockets;

/// <summary>
/// A message a client sends on the multiplexed socket (Linkis's <c>ServerEvent</c>):
/// <c>{"method": "/api/rest_j/v1/entrance/execute", "data": {...}, "websocketTag": "tab-17"}</c>. The gateway reads
/// <c>method</c> (the REST path the message stands for, maybe with a query) and <c>data</c> (the body parsers and label
/// routing see); the message itself is forwarded verbatim. Other keys are ignored.
/// </summary>
internal readonly struct ServerEvent
{
    private static readonly byte[] JsonNull = "null"u8.ToArray();

    private ServerEvent(string? method, byte[] data, string? webSocketTag)
    {
        Method = method;
        Data = data;
        WebSocketTag = webSocketTag;
    }

    /// <summary>The <c>method</c>, or null when absent or JSON null.</summary>
    public string? Method { get; }

    /// <summary>The JSON text of <c>data</c> as sent (UTF-8), or <c>null</c> when absent (shared: never modify it).</summary>
    public byte[] Data { get; }

    /// <summary>The <c>websocketTag</c> (the client's correlation tag), or null.</summary>
    public string? WebSocketTag { get; }

    /// <summary>
    /// Reads a message; on failure returns false with a client-facing reason in <paramref name="error"/>. The message must
    /// be a JSON object whose <c>method</c> and <c>websocketTag</c>, when present, are strings (or null).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out ServerEvent message, out string? error)
    {
        message = default;
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        string? method = null;
        string? tag = null;
        var data = JsonNull;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            ClientJson.EnsureUtf8(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = LinkisWebSocketErrors.NotAnObject;
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8))
                {
                    if (!TryReadString(ref reader, out method))
                    {
                        error = LinkisWebSocketErrors.FieldNotString("method");
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("websocketTag"u8))
                {
                    if (!TryReadString(ref reader, out tag))
                    {
                        error = LinkisWebSocketErrors.FieldNotString("websocketTag");
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = utf8[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Anything after the object other than whitespace or comments is an error.
            if (reader.Read())
            {
                error = LinkisWebSocketErrors.NotAnObject;
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = LinkisWebSocketErrors.InvalidJson(ex.LineNumber, ex.BytePositionInLine);
            return false;
        }

        message = new ServerEvent(method, data, tag);
        error = null;
        return true;
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.GetString();
                return true;
            case JsonTokenType.Null:
                value = null;
                return true;
            default:
                value = null;
                reader.Skip();
                return false;
        }
    }
}
