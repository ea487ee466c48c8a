using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Portico.Routing;

/// <summary>
/// The one normalised form of a request path that route matching, every access decision, the parsers and the upstream
/// request all see. The client's path is normalised once: dot segments are removed on the decoded form (RFC 3986
/// §5.2.4), while each kept segment stays encoded exactly as the client sent it.
/// </summary>
/// <remarks>
/// Kestrel's decoded <see cref="HttpRequest.Path"/> is ambiguous: <c>%2F</c> stays encoded but <c>%25</c> is decoded,
/// so <c>%252F</c> and <c>%2F</c> both read <c>%2F</c>, and <c>%252e</c> reads <c>%2e</c>, which a later URI parser
/// decodes again into a dot segment. The decoded form here keeps <c>%25</c>, <c>%2F</c> and <c>%5C</c> encoded (and any
/// escape that is not valid UTF-8), so every <c>%</c> in it begins an escape and re-encoding it for the upstream never
/// decodes anything a second time.
/// </remarks>
internal static class RequestPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Replaces the request's path with its normalised decoded form and the raw target with its normalised encoded form
    /// (the query as received). Origin-form targets only; others (<c>*</c>, authority-form) are left to the server.
    /// </summary>
    public static void Normalize(HttpContext context)
    {
        var feature = context.Features.Get<IHttpRequestFeature>();
        var raw = feature?.RawTarget;
        if (feature is null || string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return;
        }

        var queryStart = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? raw.AsSpan() : raw.AsSpan(0, queryStart);
        if (rawPath.IndexOf('%') < 0 && !HasDotSegment(rawPath))
        {
            // Nothing encoded and no dot segment: the server's decoded path is the raw path already.
            return;
        }

        var (decoded, encoded) = Normalize(rawPath);
        context.Request.Path = new PathString(decoded);
        if (!rawPath.SequenceEqual(encoded))
        {
            feature.RawTarget = queryStart < 0 ? encoded : string.Concat(encoded, raw.AsSpan(queryStart));
        }
    }

    /// <summary>
    /// The path as the upstream receives it: the client's own encoding while no filter changed the path, else the path
    /// re-encoded (a span, so the common case copies nothing before the URL is built).
    /// </summary>
    public static ReadOnlySpan<char> Encoded(GatewayExchange exchange)
    {
        var path = exchange.Request.Path;
        if (!path.HasValue)
        {
            return "/";
        }

        var raw = exchange.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/' && string.Equals(path.Value, exchange.OriginalPath.Value, StringComparison.Ordinal))
        {
            var queryStart = raw.IndexOf('?', StringComparison.Ordinal);
            return queryStart < 0 ? raw : raw.AsSpan(0, queryStart);
        }

        return path.ToUriComponent();
    }

    /// <summary>An absolute URL taken exactly as written: no second decoding and no second dot-segment removal.</summary>
    public static Uri CreateUrl(string url) => new(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    /// <summary>Normalises a raw origin-form path (starting with <c>/</c>, no query) into its decoded and encoded forms.</summary>
    internal static (string Decoded, string Encoded) Normalize(ReadOnlySpan<char> rawPath)
    {
        var decodedSegments = new List<string>();
        var encodedSegments = new List<string>();
        var rest = rawPath[1..];
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            var decoded = DecodeSegment(segment);
            var last = slash < 0;
            switch (DotSegment(decoded))
            {
                case 1:
                    break;
                case 2:
                    if (decodedSegments.Count > 0)
                    {
                        decodedSegments.RemoveAt(decodedSegments.Count - 1);
                        encodedSegments.RemoveAt(encodedSegments.Count - 1);
                    }

                    break;
                default:
                    decodedSegments.Add(decoded);
                    encodedSegments.Add(segment.ToString());
                    break;
            }

            if (last)
            {
                if (DotSegment(decoded) != 0)
                {
                    // "/a/b/.." is "/a/": the path still names a directory.
                    decodedSegments.Add("");
                    encodedSegments.Add("");
                }

                break;
            }

            rest = rest[(slash + 1)..];
        }

        return ("/" + string.Join('/', decodedSegments), "/" + string.Join('/', encodedSegments));
    }

    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        for (var at = path.IndexOf("/.", StringComparison.Ordinal); at >= 0; at = path.IndexOf("/.", StringComparison.Ordinal))
        {
            path = path[(at + 2)..];
            if (!path.IsEmpty && path[0] == '.')
            {
                path = path[1..];
            }

            if (path.IsEmpty || path[0] is '/' or ';')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>1 for <c>.</c>, 2 for <c>..</c>, else 0; path parameters (<c>..;x</c>) count as the dots they follow, as servlet containers read them.</summary>
    private static int DotSegment(string decoded)
    {
        var semicolon = decoded.IndexOf(';', StringComparison.Ordinal);
        var name = semicolon < 0 ? decoded.AsSpan() : decoded.AsSpan(0, semicolon);
        return name is "." ? 1 : name is ".." ? 2 : 0;
    }

    private static string DecodeSegment(ReadOnlySpan<char> segment)
    {
        if (segment.IndexOf('%') < 0)
        {
            return segment.ToString();
        }

        var builder = new StringBuilder(segment.Length);
        var bytes = new List<byte>();
        var runStart = -1;
        var i = 0;
        while (i < segment.Length)
        {
            if (segment[i] == '%' && i + 2 < segment.Length && TryHex(segment[i + 1], segment[i + 2], out var value))
            {
                if (value is (byte)'%' or (byte)'/' or (byte)'\\')
                {
                    FlushRun(builder, bytes, segment, ref runStart, i);
                    builder.Append(segment.Slice(i, 3));
                }
                else
                {
                    if (runStart < 0)
                    {
                        runStart = i;
                    }

                    bytes.Add(value);
                }

                i += 3;
                continue;
            }

            FlushRun(builder, bytes, segment, ref runStart, i);
            // A '%' that begins no escape is written as one, so that every '%' of the decoded form begins an escape.
            builder.Append(segment[i] == '%' ? "%25" : segment.Slice(i, 1));
            i++;
        }

        FlushRun(builder, bytes, segment, ref runStart, segment.Length);
        return builder.ToString();
    }

    private static void FlushRun(StringBuilder builder, List<byte> bytes, ReadOnlySpan<char> segment, ref int runStart, int end)
    {
        if (runStart < 0)
        {
            return;
        }

        try
        {
            builder.Append(StrictUtf8.GetString(bytes.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8 (an overlong dot, say): the escapes stay as sent, so they can never turn into a separator or a dot.
            builder.Append(segment[runStart..end]);
        }

        bytes.Clear();
        runStart = -1;
    }

    private static bool TryHex(char high, char low, out byte value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = (byte)((h << 4) | l);
        return h >= 0 && l >= 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
