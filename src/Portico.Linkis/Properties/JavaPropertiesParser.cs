using System.Text;

namespace Portico.Configuration.LinkisProperties;

/// <summary>One key of a properties file and the line (1-based) its logical line starts on.</summary>
internal readonly record struct PropertyEntry(string Key, string Value, int Line);

/// <summary>A syntax problem in a properties file: the line (1-based) and what is wrong.</summary>
internal readonly record struct PropertySyntaxError(int Line, string Problem);

/// <summary>The entries of a properties file in file order (duplicates kept), and its syntax errors.</summary>
internal sealed record ParsedProperties(IReadOnlyList<PropertyEntry> Entries, IReadOnlyList<PropertySyntaxError> Errors);

/// <summary>
/// Reads <c>java.util.Properties</c> text exactly as <c>Properties.load</c> does: <c>#</c> and <c>!</c> comment lines,
/// <c>=</c>, <c>:</c> or whitespace between key and value, lines continued by an odd number of trailing backslashes
/// (leading whitespace of the next line dropped), <c>\n</c>, <c>\r</c> and <c>\r\n</c> line ends, and the escapes
/// <c>\t \n \r \f \uXXXX</c> (any other escaped character stands for itself). Where Java throws on a malformed
/// <c>\uXXXX</c>, the line is reported and skipped, so that every problem of a file is named at once.
/// </summary>
internal static class JavaPropertiesParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes a properties file. Java's <c>Properties.load(InputStream)</c> reads ISO-8859-1, but Linkis installations
    /// write their files in UTF-8 (comments in Chinese are common), so a file that is valid UTF-8 is read as UTF-8 (a
    /// byte-order mark is dropped) and any other file as ISO-8859-1. ASCII files, and files that spell non-ASCII
    /// characters as <c>\uXXXX</c>, read the same either way.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(bom))
        {
            bytes = bytes[bom.Length..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    public static ParsedProperties Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<PropertyEntry>();
        var errors = new List<PropertySyntaxError>();
        var logical = new StringBuilder();
        var position = 0;
        var line = 0;
        while (ReadLogicalLine(text, ref position, ref line, logical, out var startLine))
        {
            ParseLine(logical.ToString(), startLine, entries, errors);
        }

        return new ParsedProperties(entries, errors);
    }

    /// <summary>
    /// Reads the next logical line (comments and blank lines skipped, continuations joined, the continuing backslashes
    /// removed, escapes still in place) into <paramref name="logical"/>; false at the end of the text.
    /// </summary>
    private static bool ReadLogicalLine(string text, ref int position, ref int line, StringBuilder logical, out int startLine)
    {
        logical.Clear();
        startLine = 0;
        while (position < text.Length)
        {
            line++;
            var lineStart = position;
            var end = text.IndexOfAny(['\r', '\n'], position);
            var lineEnd = end < 0 ? text.Length : end;
            position = end < 0 ? text.Length : end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);

            var start = lineStart;
            while (start < lineEnd && IsWhitespace(text[start]))
            {
                start++;
            }

            // A comment or blank natural line is skipped only where a logical line would begin; continued text that
            // happens to start with # is part of the value.
            if (logical.Length == 0 && (start == lineEnd || text[start] is '#' or '!'))
            {
                continue;
            }

            if (logical.Length == 0)
            {
                startLine = line;
            }

            var content = text.AsSpan(start, lineEnd - start);
            var backslashes = 0;
            for (var i = content.Length - 1; i >= 0 && content[i] == '\\'; i--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                logical.Append(content[..^1]);
                continue;
            }

            logical.Append(content);
            return true;
        }

        return logical.Length > 0;
    }

    private static void ParseLine(string logical, int line, List<PropertyEntry> entries, List<PropertySyntaxError> errors)
    {
        var keyEnd = 0;
        var valueStart = logical.Length;
        var hasSeparator = false;
        var escaped = false;
        while (keyEnd < logical.Length)
        {
            var c = logical[keyEnd];
            if (!escaped && c is '=' or ':')
            {
                valueStart = keyEnd + 1;
                hasSeparator = true;
                break;
            }

            if (!escaped && IsWhitespace(c))
            {
                valueStart = keyEnd + 1;
                break;
            }

            escaped = c == '\\' && !escaped;
            keyEnd++;
        }

        while (valueStart < logical.Length)
        {
            var c = logical[valueStart];
            if (!IsWhitespace(c))
            {
                if (hasSeparator || c is not ('=' or ':'))
                {
                    break;
                }

                hasSeparator = true;
            }

            valueStart++;
        }

        if (!TryUnescape(logical.AsSpan(0, keyEnd), out var key, out var keyProblem))
        {
            errors.Add(new PropertySyntaxError(line, $"the key has {keyProblem}"));
            return;
        }

        if (!TryUnescape(logical.AsSpan(valueStart), out var value, out var valueProblem))
        {
            errors.Add(new PropertySyntaxError(line, $"the value of '{key}' has {valueProblem}"));
            return;
        }

        entries.Add(new PropertyEntry(key, value, line));
    }

    private static bool TryUnescape(ReadOnlySpan<char> text, out string result, out string problem)
    {
        problem = "";
        if (!text.Contains('\\'))
        {
            result = text.ToString();
            return true;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            c = text[++i];
            switch (c)
            {
                case 't': builder.Append('\t'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 'f': builder.Append('\f'); break;
                case 'u':
                    if (!HasFourHexDigits(text, i + 1))
                    {
                        result = "";
                        problem = $"a malformed \\uXXXX escape '\\u{text[(i + 1)..Math.Min(text.Length, i + 5)]}' (four hexadecimal digits are needed)";
                        return false;
                    }

                    builder.Append((char)Convert.ToInt32(text.Slice(i + 1, 4).ToString(), 16));
                    i += 4;
                    break;
                default: builder.Append(c); break;
            }
        }

        result = builder.ToString();
        return true;
    }

    private static bool HasFourHexDigits(ReadOnlySpan<char> text, int start)
    {
        if (start + 4 > text.Length)
        {
            return false;
        }

        foreach (var c in text.Slice(start, 4))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\f';
}
