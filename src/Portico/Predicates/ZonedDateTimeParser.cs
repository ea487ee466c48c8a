using System.Globalization;

namespace Portico.Predicates;

/// <summary>
/// Parses the date-times of the <c>After</c>, <c>Before</c> and <c>Between</c> predicates as Spring does (Java's
/// <c>ZonedDateTime.parse</c>, or epoch milliseconds): <c>2017-01-20T17:42:47.789-07:00[America/Denver]</c>,
/// <c>2017-01-20T17:42:47Z</c>, <c>1484955767789</c>. An offset that the zone contradicts yields to the zone, as in Java.
/// </summary>
internal static class ZonedDateTimeParser
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    /// <summary>The fix shown for every parse failure.</summary>
    public const string Fix =
        "Write an ISO-8601 date-time with an offset and optional zone, e.g. 2017-01-20T17:42:47.789-07:00[America/Denver] or 2017-01-20T17:42:47Z, or epoch milliseconds.";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, out DateTimeOffset value, out string display, out string? problem)
    {
        value = default;
        display = "";
        problem = null;
        var s = text.Trim();
        if (s.Length == 0)
        {
            problem = "it is empty.";
            return false;
        }

        if (IsInteger(s))
        {
            if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
                || millis < DateTimeOffset.MinValue.ToUnixTimeMilliseconds()
                || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                problem = "the epoch milliseconds are out of range.";
                return false;
            }

            value = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            display = Format(value, null);
            return true;
        }

        string? zoneId = null;
        if (s.EndsWith(']'))
        {
            var open = s.LastIndexOf('[');
            if (open < 0)
            {
                problem = "the zone has a ']' but no '['.";
                return false;
            }

            zoneId = s[(open + 1)..^1].Trim();
            s = s[..open];
        }

        var t = s.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            problem = "it has no 'T' between the date and the time.";
            return false;
        }

        // The offset starts at Z, + or - after the time (the date has dashes of its own).
        var offsetStart = s.IndexOfAny(['Z', 'z', '+', '-'], t);
        var local = offsetStart < 0 ? s : s[..offsetStart];
        TimeSpan? offset = null;
        if (offsetStart >= 0)
        {
            if (!TryParseOffset(s[offsetStart..], out var o))
            {
                problem = $"the offset '{s[offsetStart..]}' is not Z or ±HH:MM.";
                return false;
            }

            offset = o;
        }

        if (!DateTime.TryParseExact(TrimFraction(local), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var localTime))
        {
            problem = $"'{local}' is not a date and time of the form yyyy-MM-ddTHH:mm[:ss[.fraction]].";
            return false;
        }

        if (zoneId is not null)
        {
            if (TryParseOffset(zoneId, out var fixedOffset))
            {
                offset = fixedOffset;
            }
            else if (TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            {
                offset = ResolveInZone(localTime, zone, offset);
            }
            else
            {
                problem = $"the time zone '{zoneId}' is unknown (it must be an IANA zone such as Europe/Paris, and the host needs its time-zone database).";
                return false;
            }
        }

        if (offset is null)
        {
            problem = "it has neither a UTC offset nor a time zone.";
            return false;
        }

        if (offset.Value.Duration() > TimeSpan.FromHours(14))
        {
            problem = $"the offset {offset.Value} is beyond ±14:00.";
            return false;
        }

        if (offset.Value.Seconds != 0)
        {
            problem = "the offset has seconds; only whole minutes are supported.";
            return false;
        }

        try
        {
            value = new DateTimeOffset(localTime, offset.Value);
        }
        catch (ArgumentException)
        {
            problem = "it is outside the supported range of dates.";
            return false;
        }

        display = Format(value, zoneId);
        return true;
    }

    private static bool IsInteger(string s)
    {
        var start = s[0] == '-' ? 1 : 0;
        if (start == s.Length)
        {
            return false;
        }

        for (var i = start; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    // .NET parses at most seven fraction digits; Java accepts nine. Nanoseconds below 100 ns are dropped.
    private static string TrimFraction(string local)
    {
        var dot = local.IndexOf('.', StringComparison.Ordinal);
        return dot >= 0 && local.Length - dot - 1 > 7 ? local[..(dot + 8)] : local;
    }

    private static TimeSpan ResolveInZone(DateTime local, TimeZoneInfo zone, TimeSpan? preferred)
    {
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            if (preferred is { } p && Array.IndexOf(offsets, p) >= 0)
            {
                return p;
            }

            // Java resolves an overlap to the earlier instant, i.e. the larger offset.
            return offsets.Max();
        }

        // A gap resolves with the offset before the transition (Java moves the local time forward by the gap's length).
        return zone.GetUtcOffset(local);
    }

    private static bool TryParseOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z" or "z")
        {
            return true;
        }

        if (text.Length < 3 || text[0] is not ('+' or '-'))
        {
            return false;
        }

        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length is not (2 or 4 or 6) || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        var seconds = digits.Length == 6 ? int.Parse(digits[4..6], CultureInfo.InvariantCulture) : 0;
        if (hours > 18 || minutes > 59 || seconds > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, seconds);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static string Format(DateTimeOffset value, string? zoneId)
    {
        var text = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
            + (value.Offset == TimeSpan.Zero ? "Z" : value.ToString("zzz", CultureInfo.InvariantCulture));
        return zoneId is null ? text : $"{text}[{zoneId}]";
    }
}
