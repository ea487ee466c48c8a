namespace Portico.Linkis.Routing;

/// <summary>
/// The context service's HA context id, <c>&lt;len1&gt;-&lt;len2&gt;[-...]--&lt;alias1&gt;&lt;alias2&gt;...&lt;numericId&gt;</c>: the lengths
/// of the instance aliases (main first, then backups), the aliases, then a numeric id (Linkis's
/// <c>CSHighAvailableUtils</c>).
/// </summary>
public static class HaContextId
{
    /// <summary>
    /// Parses <paramref name="haId"/>; on success <paramref name="aliases"/> holds the main alias then the backups and
    /// <paramref name="contextId"/> the numeric id.
    /// </summary>
    public static bool TryParse(string? haId, out IReadOnlyList<string> aliases, out string contextId)
    {
        aliases = [];
        contextId = "";
        if (string.IsNullOrWhiteSpace(haId))
        {
            return false;
        }

        var separator = haId.IndexOf("--", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var lengths = haId.AsSpan(0, separator);
        var body = haId.AsSpan(separator + 2);
        if (body.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        var parsed = new List<int>(2);
        long total = 0;
        foreach (var range in lengths.Split('-'))
        {
            if (!int.TryParse(lengths[range], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
            {
                return false;
            }

            parsed.Add(length);
            total += length;
        }

        if (parsed.Count < 2 || total >= body.Length)
        {
            return false;
        }

        var id = body[(int)total..];
        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var result = new string[parsed.Count];
        var offset = 0;
        for (var i = 0; i < parsed.Count; i++)
        {
            result[i] = body.Slice(offset, parsed[i]).ToString();
            offset += parsed[i];
        }

        aliases = result;
        contextId = id.ToString();
        return true;
    }
}
