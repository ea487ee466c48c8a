using System.Collections;
using System.Globalization;
using System.Text;

namespace Portico.Linkis.Messages;

/// <summary>
/// Writes Linkis's two JSON shapes byte for byte as the Java gateway does: the <c>Message</c> envelope as Gson writes it
/// (nulls kept, HTML-safe escaping of <c>&lt; &gt; &amp; = '</c>, <c>data</c> keys in <c>java.util.HashMap</c> order) and
/// the framework error body as Spring's Jackson writes it (only quotes, backslashes and control characters escaped).
/// Used for error answers and the heartbeat, never for proxied traffic.
/// </summary>
internal static class LinkisJson
{
    private const string HexLower = "0123456789abcdef";
    private const string HexUpper = "0123456789ABCDEF";

    public static byte[] WriteMessage(LinkisMessage message)
    {
        var sb = new StringBuilder(128);
        sb.Append("{\"method\":");
        AppendGsonValue(sb, message.Method);
        sb.Append(",\"status\":").Append(message.Status.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"message\":");
        AppendGsonValue(sb, message.Message);
        sb.Append(",\"data\":");
        AppendGsonObject(sb, message.Data, javaHashMapOrder: true);
        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The framework error body (§0.2): <c>{"method","status","message","data":[]}</c>.</summary>
    public static byte[] WriteFrameworkError(string path, int status, string message)
    {
        var sb = new StringBuilder(96 + path.Length + message.Length);
        sb.Append("{\"method\":");
        AppendJacksonString(sb, path);
        sb.Append(",\"status\":").Append(status.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"message\":");
        AppendJacksonString(sb, message);
        sb.Append(",\"data\":[]}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// The order in which a <c>java.util.HashMap</c> filled with <paramref name="keys"/> (default capacity, in this
    /// insertion order) iterates: by bucket of the spread <c>String.hashCode</c>, then insertion order within a bucket.
    /// </summary>
    public static int[] JavaHashMapOrder(IReadOnlyList<string> keys)
    {
        var capacity = 16;
        while (keys.Count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        var buckets = new int[keys.Count];
        var order = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var h = JavaStringHash(keys[i]);
            buckets[i] = (h ^ (int)((uint)h >> 16)) & (capacity - 1);
            order[i] = i;
        }

        // Ties keep insertion order, as HashMap's bucket chains (and its order-preserving resizes) do.
        Array.Sort(order, (a, b) => buckets[a] != buckets[b] ? buckets[a].CompareTo(buckets[b]) : a.CompareTo(b));
        return order;
    }

    private static int JavaStringHash(string s)
    {
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((31 * h) + c);
        }

        return h;
    }

    private static void AppendGsonObject(StringBuilder sb, IEnumerable<KeyValuePair<string, object?>> entries, bool javaHashMapOrder)
    {
        var list = entries as IReadOnlyList<KeyValuePair<string, object?>> ?? [.. entries];
        sb.Append('{');
        if (list.Count > 0)
        {
            int[]? order = null;
            if (javaHashMapOrder && list.Count > 1)
            {
                var keys = new string[list.Count];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = list[i].Key;
                }

                order = JavaHashMapOrder(keys);
            }

            for (var i = 0; i < list.Count; i++)
            {
                var entry = list[order?[i] ?? i];
                if (i > 0)
                {
                    sb.Append(',');
                }

                AppendGsonString(sb, entry.Key);
                sb.Append(':');
                AppendGsonValue(sb, entry.Value);
            }
        }

        sb.Append('}');
    }

    private static void AppendGsonValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                AppendGsonString(sb, s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                // Linkis registers a Double adapter that writes integral doubles without a fraction.
                sb.Append(d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                AppendGsonObject(sb, map, javaHashMapOrder: false);
                break;
            case IEnumerable sequence:
                sb.Append('[');
                var first = true;
                foreach (var item in sequence)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendGsonValue(sb, item);
                }

                sb.Append(']');
                break;
            default:
                AppendGsonString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    /// <summary>Gson's <c>JsonWriter.string</c> with HTML-safe escaping (Gson's default, which Linkis keeps).</summary>
    internal static void AppendGsonString(StringBuilder sb, string value) => AppendEscaped(sb, value, htmlSafe: true, HexLower);

    /// <summary>Jackson's default string escaping: quotes, backslashes and control characters only.</summary>
    internal static void AppendJacksonString(StringBuilder sb, string value) => AppendEscaped(sb, value, htmlSafe: false, HexUpper);

    // Gson and Jackson escape alike except that Gson also escapes HTML-significant characters and writes lower-case hex.
    private static void AppendEscaped(StringBuilder sb, string value, bool htmlSafe, string hex)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\f': sb.Append("\\f"); break;
                case '<' or '>' or '&' or '=' or '\'' or '\u2028' or '\u2029' when htmlSafe:
                    AppendUnicodeEscape(sb, c, hex);
                    break;
                default:
                    if (c < 0x20)
                    {
                        AppendUnicodeEscape(sb, c, hex);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static void AppendUnicodeEscape(StringBuilder sb, char c, string hex) =>
        sb.Append("\\u").Append(hex[(c >> 12) & 0xF]).Append(hex[(c >> 8) & 0xF]).Append(hex[(c >> 4) & 0xF]).Append(hex[c & 0xF]);
}
