using System.Net;
using Microsoft.Extensions.Primitives;
using Portico.Security.Networks;

namespace Portico.Security.ClientAddress;

/// <summary>
/// Walks the hops recorded by proxies from the right, where the nearest proxy appended its peer: every hop that is a
/// trusted proxy is skipped, and the first one that is not is the client. An entry that is not an address (a
/// malformed value, <c>unknown</c>, an obfuscated RFC 7239 identifier) ends the walk at the last trusted hop, since
/// nothing to its left can be vouched for. Runs only when the socket peer is trusted; parses spans, allocating only
/// the address it returns.
/// </summary>
internal static class ForwardedChain
{
    /// <summary>Most elements read from one <c>Forwarded</c> header line; a longer line is treated as malformed.</summary>
    public const int MaxForwardedElements = 64;

    /// <summary>Walks <c>X-Forwarded-For</c> (all lines, last line last): comma-separated addresses, optionally with ports.</summary>
    public static IPAddress WalkXForwardedFor(StringValues lines, NetworkList trusted, IPAddress peer)
    {
        var current = peer;
        for (var line = lines.Count - 1; line >= 0; line--)
        {
            var header = lines[line].AsSpan();
            var end = header.Length;
            while (true)
            {
                var comma = header[..end].LastIndexOf(',');
                var entry = header[(comma + 1)..end].Trim();

                // Empty list elements ("a, , b") are allowed by RFC 9110 and carry nothing.
                if (!entry.IsEmpty)
                {
                    if (!TryParseHop(entry, out var address))
                    {
                        return current;
                    }

                    if (!trusted.Contains(address))
                    {
                        return address;
                    }

                    current = address;
                }

                if (comma < 0)
                {
                    break;
                }

                end = comma;
            }
        }

        return current;
    }

    /// <summary>Walks RFC 7239 <c>Forwarded</c> (all lines, last line last) by the <c>for</c> parameter of each element.</summary>
    public static IPAddress WalkForwarded(StringValues lines, NetworkList trusted, IPAddress peer)
    {
        var current = peer;
        Span<Range> elements = stackalloc Range[MaxForwardedElements];
        for (var line = lines.Count - 1; line >= 0; line--)
        {
            var header = lines[line].AsSpan();
            var count = SplitElements(header, elements);
            if (count < 0)
            {
                return current;
            }

            for (var e = count - 1; e >= 0; e--)
            {
                var element = header[elements[e]];
                if (element.IsWhiteSpace())
                {
                    continue;
                }

                if (!TryGetFor(element, out var value) || !TryParseHop(value, out var address))
                {
                    return current;
                }

                if (!trusted.Contains(address))
                {
                    return address;
                }

                current = address;
            }
        }

        return current;
    }

    private static bool TryParseHop(ReadOnlySpan<char> text, out IPAddress address)
    {
        if (!IpParser.TryParseAddress(text, out address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return true;
    }

    /// <summary>Splits a header line on commas outside quoted strings; -1 when a quote is unbalanced or there are too many elements.</summary>
    private static int SplitElements(ReadOnlySpan<char> header, Span<Range> ranges)
    {
        var count = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                if (count == ranges.Length - 1)
                {
                    return -1;
                }

                ranges[count++] = new Range(start, i);
                start = i + 1;
            }
        }

        if (quoted)
        {
            return -1;
        }

        ranges[count++] = new Range(start, header.Length);
        return count;
    }

    /// <summary>The value of the element's <c>for</c> parameter (pairs separated by ';', names case-insensitive), unquoted.</summary>
    private static bool TryGetFor(ReadOnlySpan<char> element, out ReadOnlySpan<char> value)
    {
        value = default;
        while (true)
        {
            var semicolon = IndexOfUnquoted(element, ';');
            var pair = semicolon < 0 ? element : element[..semicolon];
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair[..eq].Trim().Equals("for", StringComparison.OrdinalIgnoreCase))
            {
                var v = pair[(eq + 1)..].Trim();
                if (v.Length > 0 && v[0] == '"')
                {
                    // An address never needs escapes; a quoted value with them is not one.
                    if (v.Length < 2 || v[^1] != '"' || v[1..^1].Contains('\\'))
                    {
                        return false;
                    }

                    v = v[1..^1];
                }

                value = v;
                return true;
            }

            if (semicolon < 0)
            {
                return false;
            }

            element = element[(semicolon + 1)..];
        }
    }

    private static int IndexOfUnquoted(ReadOnlySpan<char> text, char separator)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                return i;
            }
        }

        return -1;
    }
}
