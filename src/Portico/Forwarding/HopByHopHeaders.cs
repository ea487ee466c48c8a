using Microsoft.Extensions.Primitives;

namespace Portico.Forwarding;

/// <summary>
/// Headers that describe one connection rather than the message, and so are never relayed: Spring Cloud Gateway's
/// <c>RemoveHopByHopHeadersFilter</c> list plus the obsolete <c>Proxy-Connection</c>, and any header named in
/// <c>Connection</c> (RFC 9110 §7.6.1). Checks are span comparisons; nothing is allocated.
/// </summary>
internal static class HopByHopHeaders
{
    /// <summary>Whether <paramref name="name"/> is hop-by-hop by definition.</summary>
    public static bool IsHopByHop(string name) => name.Length switch
    {
        2 => name.Equals("TE", StringComparison.OrdinalIgnoreCase),
        7 => name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || name.Equals("Trailer", StringComparison.OrdinalIgnoreCase),
        10 => name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase),
        16 => name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase),
        17 => name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase),
        18 => name.Equals("Proxy-Authenticate", StringComparison.OrdinalIgnoreCase),
        19 => name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase),

        // Spring Boot's internal application-context header, removed as Spring Cloud Gateway does.
        21 => name.Equals("X-Application-Context", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>
    /// Whether a <c>Connection</c> header value names other headers. <c>close</c>, <c>keep-alive</c> and <c>upgrade</c>
    /// (by far the common values) name only hop-by-hop headers, so callers can skip the per-header check.
    /// </summary>
    public static bool NamesOtherHeaders(StringValues connection)
    {
        for (var i = 0; i < connection.Count; i++)
        {
            var rest = connection[i].AsSpan();
            while (NextToken(ref rest, out var token))
            {
                if (!token.Equals("close", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="name"/> is one of the tokens of <paramref name="connection"/>.</summary>
    public static bool IsNamedIn(string name, StringValues connection)
    {
        for (var i = 0; i < connection.Count; i++)
        {
            var rest = connection[i].AsSpan();
            while (NextToken(ref rest, out var token))
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Splits the next comma-separated, trimmed, non-empty token off <paramref name="rest"/>.</summary>
    private static bool NextToken(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> token)
    {
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var part = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? default : rest[(comma + 1)..];
            token = part.Trim();
            if (!token.IsEmpty)
            {
                return true;
            }
        }

        token = default;
        return false;
    }
}
