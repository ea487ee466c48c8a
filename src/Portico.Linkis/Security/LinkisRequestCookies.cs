using System.Text;
using Microsoft.Extensions.Primitives;

namespace Portico.Security.Linkis;

/// <summary>
/// Reads cookies from <c>Cookie</c> request headers as Linkis does (the first cookie of a name, its value raw: tickets
/// are Base64 and are never percent-decoded), and adds a cookie to the <c>Cookie</c> header of a forwarded request.
/// Works on spans; only a value that is found is allocated.
/// </summary>
internal static class LinkisRequestCookies
{
    /// <summary>The value of the first cookie named <paramref name="name"/> (case-sensitive), or null when there is none.</summary>
    public static string? Find(StringValues cookieHeaders, string name)
    {
        foreach (var line in cookieHeaders)
        {
            if (line is not null && TryFind(line, name, out var value))
            {
                return value.ToString();
            }
        }

        return null;
    }

    /// <summary>Whether a cookie named <paramref name="name"/> is present, whatever its value.</summary>
    public static bool Contains(StringValues cookieHeaders, string name)
    {
        foreach (var line in cookieHeaders)
        {
            if (line is not null && TryFind(line, name, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The <c>Cookie</c> header of a forwarded request that carries <paramref name="name"/>=<paramref name="value"/>:
    /// appended after the client's cookies as Linkis does (<c>existing;name=value</c>), any cookie of that name the
    /// client sent removed so that the backend reads the gateway's value. Header lines split by HTTP/2 are folded.
    /// </summary>
    public static StringValues With(StringValues cookieHeaders, string name, string value)
    {
        var cookie = name + "=" + value;
        if (StringValues.IsNullOrEmpty(cookieHeaders))
        {
            return cookie;
        }

        var joined = cookieHeaders.Count == 1 ? cookieHeaders[0]! : string.Join("; ", cookieHeaders.ToArray());
        if (!TryFind(joined, name, out _))
        {
            return joined + ";" + cookie;
        }

        var sb = new StringBuilder(joined.Length + cookie.Length + 1);
        var span = joined.AsSpan();
        foreach (var range in span.Split(';'))
        {
            var pair = span[range].Trim();
            if (pair.IsEmpty || NameOf(pair).SequenceEqual(name))
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append("; ");
            }

            sb.Append(pair);
        }

        if (sb.Length > 0)
        {
            sb.Append(';');
        }

        return sb.Append(cookie).ToString();
    }

    private static bool TryFind(string line, string name, out ReadOnlySpan<char> value)
    {
        var span = line.AsSpan();
        foreach (var range in span.Split(';'))
        {
            var pair = span[range].Trim();
            if (NameOf(pair).SequenceEqual(name))
            {
                var eq = pair.IndexOf('=');
                value = eq < 0 ? default : pair[(eq + 1)..].Trim();
                return true;
            }
        }

        value = default;
        return false;
    }

    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<char> pair)
    {
        var eq = pair.IndexOf('=');
        return (eq < 0 ? pair : pair[..eq]).Trim();
    }
}
