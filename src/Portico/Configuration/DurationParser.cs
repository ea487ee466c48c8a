using System.Globalization;

namespace Portico.Configuration;

/// <summary>Parses durations as Spring and Linkis write them: plain milliseconds, or a number with ms/s/m/h/d.</summary>
public static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>; ISO-8601 (<c>PT30S</c>) and <c>hh:mm:ss</c> are accepted too.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith("P", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(s.ToUpperInvariant());
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        if (s.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out duration);
        }

        var unitStart = s.Length;
        while (unitStart > 0 && char.IsLetter(s[unitStart - 1]))
        {
            unitStart--;
        }

        if (!double.TryParse(s.AsSpan(0, unitStart), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }

        double? ms = s[unitStart..].ToLowerInvariant() switch
        {
            "" or "ms" => number,
            "s" => number * 1000,
            "m" or "min" => number * 60_000,
            "h" => number * 3_600_000,
            "d" => number * 86_400_000,
            _ => null,
        };
        if (ms is null)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }

    /// <summary>
    /// Parses a limit that may be switched off: a positive duration, or <c>0</c>, a negative number or
    /// <c>infinite</c> for no limit (null). Empty text is not a value, so an unset variable never turns a limit off.
    /// </summary>
    public static bool TryParseLimit(string? text, out TimeSpan? limit)
    {
        limit = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith('-') || s.Equals("infinite", StringComparison.OrdinalIgnoreCase))
        {
            return s.Length > 1 && (s[0] != '-' || TryParse(s[1..], out _));
        }

        if (!TryParse(s, out var duration))
        {
            return false;
        }

        limit = duration > TimeSpan.Zero ? duration : null;
        return true;
    }
}

/// <summary>Parses data sizes such as <c>5000</c>, <c>5KB</c>, <c>2MB</c>, <c>1GB</c> (binary multiples, as Spring's DataSize).</summary>
public static class DataSize
{
    /// <summary>Parses <paramref name="text"/> into bytes.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        var unitStart = s.Length;
        while (unitStart > 0 && char.IsLetter(s[unitStart - 1]))
        {
            unitStart--;
        }

        if (!long.TryParse(s.AsSpan(0, unitStart), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }

        long? multiplier = s[unitStart..].ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" or "K" => 1024,
            "MB" or "M" => 1024 * 1024,
            "GB" or "G" => 1024L * 1024 * 1024,
            "TB" => 1024L * 1024 * 1024 * 1024,
            _ => null,
        };
        if (multiplier is null || number > long.MaxValue / multiplier.Value)
        {
            return false;
        }

        bytes = number * multiplier.Value;
        return true;
    }
}
