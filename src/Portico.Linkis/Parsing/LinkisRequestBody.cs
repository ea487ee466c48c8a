using System.Text;
using System.Text.Json;
using Portico.Errors;

namespace Portico.Linkis.Parsing;

/// <summary>
/// The request body of a URL Linkis inspects, read in full (within <see cref="LinkisConfig.MaxBufferSize"/>) before
/// parsing. The bytes are forwarded unchanged; the text and the JSON view are decoded on first use.
/// </summary>
public sealed class LinkisRequestBody
{
    private readonly byte[] _bytes;
    private readonly Encoding _encoding;
    private string? _text;
    private bool _jsonParsed;
    private JsonElement _json;
    private string? _jsonError;

    /// <summary>Creates a body over <paramref name="bytes"/> declared in <paramref name="encoding"/>.</summary>
    public LinkisRequestBody(byte[] bytes, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(encoding);
        _bytes = bytes;
        _encoding = encoding;
    }

    /// <summary>The body as received.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Whether the body has no bytes.</summary>
    public bool IsEmpty => _bytes.Length == 0;

    /// <summary>The body decoded with the request's declared charset (UTF-8 when none or unknown).</summary>
    public string Text => _text ??= _encoding.GetString(_bytes);

    /// <summary>
    /// Parses the body as JSON once and returns its root; on malformed JSON returns false with a description of where
    /// it broke in <paramref name="error"/>. An empty body is malformed JSON.
    /// </summary>
    public bool TryGetJson(out JsonElement root, out string? error)
    {
        if (!_jsonParsed)
        {
            Parse();
        }

        root = _json;
        error = _jsonError;
        return _jsonError is null;
    }

    private void Parse()
    {
        try
        {
            ReadOnlyMemory<byte> utf8 = _encoding.CodePage == Encoding.UTF8.CodePage ? _bytes : Encoding.UTF8.GetBytes(Text);
            if (utf8.Span.StartsWith("\uFEFF"u8))
            {
                utf8 = utf8[3..];
            }

            if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
            {
                _jsonError = "The request body is not valid UTF-8 JSON: " + ClientJson.InvalidUtf8Message(utf8.Span);
                _jsonParsed = true;
                return;
            }

            using var document = JsonDocument.Parse(utf8);
            _json = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            _jsonError = ex.LineNumber is { } line
                ? $"The request body is not valid JSON (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})."
                : "The request body is not valid JSON.";
        }

        _jsonParsed = true;
    }
}
