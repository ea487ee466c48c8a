using System.Globalization;
using System.Text;

namespace Portico.Security.Linkis.ProxyUsers;

/// <summary>
/// Reads <c>java.util.Properties</c> text: <c>#</c>/<c>!</c> comments, <c>=</c>, <c>:</c> or whitespace separators,
/// backslash line continuations and escapes (<c>\t \n \r \f \uXXXX</c>, any other escaped character stands for itself).
/// A later duplicate key wins, as in Java.
/// </summary>
internal static class JavaProperties
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var logical in LogicalLines(text))
        {
            var i = 0;
            var key = ReadToken(logical, ref i, isKey: true);
            while (i < logical.Length && logical[i] is ' ' or '\t' or '\f')
            {
                i++;
            }

            if (i < logical.Length && logical[i] is '=' or ':')
            {
                i++;
                while (i < logical.Length && logical[i] is ' ' or '\t' or '\f')
                {
                    i++;
                }
            }

            result[key] = ReadToken(logical, ref i, isKey: false);
        }

        return result;
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var builder = new StringBuilder();
        var continuing = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var start = 0;
            while (start < line.Length && line[start] is ' ' or '\t' or '\f')
            {
                start++;
            }

            if (!continuing && (start == line.Length || line[start] is '#' or '!'))
            {
                continue;
            }

            var content = line[start..];
            var trailing = 0;
            for (var j = content.Length - 1; j >= 0 && content[j] == '\\'; j--)
            {
                trailing++;
            }

            continuing = trailing % 2 == 1;
            builder.Append(continuing ? content[..^1] : content);
            if (!continuing)
            {
                yield return builder.ToString();
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            yield return builder.ToString();
        }
    }

    private static string ReadToken(string line, ref int i, bool isKey)
    {
        var sb = new StringBuilder();
        while (i < line.Length)
        {
            var c = line[i];
            if (isKey && c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            i++;
            if (c != '\\' || i >= line.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = line[i++];
            switch (e)
            {
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 <= line.Length && int.TryParse(line.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }

        return sb.ToString();
    }
}
