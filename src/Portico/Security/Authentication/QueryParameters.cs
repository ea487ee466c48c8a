using System.Text;
using Microsoft.AspNetCore.Http;

namespace Portico.Security.Authentication;

/// <summary>Removes a parameter from a query string, leaving every other parameter exactly as the client wrote it.</summary>
internal static class QueryParameters
{
    /// <summary><paramref name="query"/> without any occurrence of <paramref name="name"/> (matched after percent-decoding).</summary>
    public static QueryString Remove(QueryString query, string name)
    {
        var text = query.Value.AsSpan();
        if (text.IsEmpty)
        {
            return query;
        }

        text = text[1..];
        var result = new StringBuilder(text.Length + 1);
        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            var eq = pair.IndexOf('=');
            var rawName = eq < 0 ? pair : pair[..eq];
            if (pair.IsEmpty || Decode(rawName) == name)
            {
                continue;
            }

            result.Append(result.Length == 0 ? '?' : '&').Append(pair);
        }

        return result.Length == 0 ? QueryString.Empty : new QueryString(result.ToString());
    }

    private static string Decode(ReadOnlySpan<char> raw) =>
        Uri.UnescapeDataString(raw.ToString().Replace('+', ' '));
}
