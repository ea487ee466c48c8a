using System.Globalization;

namespace Portico.Configuration.LinkisProperties;

/// <summary>
/// Reads a Linkis property value in Linkis's format (Scala's <c>toBoolean</c> and <c>toInt</c>, Linkis's
/// <c>TimeType</c> and <c>ByteType</c>, comma lists) and writes it as the text Portico's settings binder reads.
/// </summary>
internal static class LinkisValueConverter
{
    /// <summary>
    /// Converts <paramref name="raw"/> for <paramref name="rule"/>. On success <paramref name="value"/> is the Portico
    /// text, or null when the value sets nothing (a <see cref="LinkisValueKind.Required"/> switch in its supported
    /// position); on failure <paramref name="problem"/> and <paramref name="fix"/> say what is wrong and what to write.
    /// </summary>
    public static bool TryConvert(LinkisPropertyRule rule, string raw, string confDirectory, out string? value, out string problem, out string fix)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(raw);
        value = null;
        problem = "";
        fix = "";
        var text = raw.Trim();
        switch (rule.Kind)
        {
            case LinkisValueKind.Text:
                value = text;
                return true;
            case LinkisValueKind.Secret:
                value = raw;
                return true;
            case LinkisValueKind.Bool:
                if (bool.TryParse(text, out var flag))
                {
                    value = flag ? "true" : "false";
                    return true;
                }

                return Fail($"'{raw}' is not a boolean.", "Write true or false.", out problem, out fix);
            case LinkisValueKind.Integer:
            case LinkisValueKind.ListenPort:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    return Fail($"'{raw}' is not a whole number.", Range(rule), out problem, out fix);
                }

                if (number < rule.Min || number > rule.Max)
                {
                    return Fail($"{number} is out of range.", Range(rule), out problem, out fix);
                }

                value = rule.Kind == LinkisValueKind.ListenPort
                    ? string.Create(CultureInfo.InvariantCulture, $"http://*:{number}")
                    : number.ToString(CultureInfo.InvariantCulture);
                return true;
            case LinkisValueKind.Size:
                if (TryParseSize(text, out var bytes))
                {
                    if (bytes < rule.Min || bytes > rule.Max)
                    {
                        return Fail($"{bytes} bytes is out of range.", SizeRange(rule), out problem, out fix);
                    }

                    value = bytes.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                return Fail($"'{raw}' is not a size.", "Write a number of bytes, or a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb, such as 128m.", out problem, out fix);
            case LinkisValueKind.Duration:
                if (TryParseDuration(text, rule.PlainUnit, out var duration))
                {
                    value = duration.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms";
                    return true;
                }

                return Fail($"'{raw}' is not a time value.", $"Write a whole number with us, ms, s, m, min, h or d, such as 2h or 30s; a plain number counts {UnitName(rule.PlainUnit)}.", out problem, out fix);
            case LinkisValueKind.List:
                value = string.Join(',', text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                return true;
            case LinkisValueKind.ConfFile:
                try
                {
                    value = Path.GetFullPath(text, confDirectory);
                    return true;
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    return Fail($"'{raw}' is not a file path.", "Write a file name, relative to the conf directory or absolute.", out problem, out fix);
                }

            case LinkisValueKind.Required:
                if (string.Equals(text, rule.RequiredValue, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                return Fail($"'{raw}' is not supported.", rule.Reason ?? $"Write {rule.RequiredValue}.", out problem, out fix);
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "This kind of rule sets no value.");
        }
    }

    /// <summary>
    /// Parses a Linkis <c>TimeType</c>: an optional minus sign, digits, and an optional unit (<c>us</c>, <c>ms</c>,
    /// <c>s</c>, <c>m</c>, <c>min</c>, <c>h</c>, <c>d</c>, any case); a plain number counts <paramref name="plainUnit"/>.
    /// Negative values are refused: no Portico setting read from Linkis takes one.
    /// </summary>
    internal static bool TryParseDuration(string text, TimeSpan plainUnit, out TimeSpan duration)
    {
        duration = default;
        if (!TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        TimeSpan? perUnit = unit.ToLowerInvariant() switch
        {
            "" => plainUnit,
            "us" => TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond),
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" or "min" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (perUnit is null || number > TimeSpan.MaxValue.Ticks / Math.Max(1, perUnit.Value.Ticks))
        {
            return false;
        }

        duration = TimeSpan.FromTicks(number * perUnit.Value.Ticks);
        return true;
    }

    /// <summary>
    /// Parses a Linkis <c>ByteType</c>: digits and an optional unit (<c>b</c>, <c>k</c>/<c>kb</c>, <c>m</c>/<c>mb</c>,
    /// <c>g</c>/<c>gb</c>, <c>t</c>/<c>tb</c>, <c>p</c>/<c>pb</c>, any case, binary multiples); a plain number is bytes.
    /// </summary>
    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        if (!TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        long? multiplier = unit.ToLowerInvariant() switch
        {
            "" or "b" => 1L,
            "k" or "kb" => 1L << 10,
            "m" or "mb" => 1L << 20,
            "g" or "gb" => 1L << 30,
            "t" or "tb" => 1L << 40,
            "p" or "pb" => 1L << 50,
            _ => null,
        };
        if (multiplier is null || number > long.MaxValue / multiplier.Value)
        {
            return false;
        }

        bytes = number * multiplier.Value;
        return true;
    }

    /// <summary>Splits <c>123unit</c> into a non-negative whole number and the letters after it.</summary>
    private static bool TrySplit(string text, out long number, out string unit)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        unit = text[digits..];
        number = 0;
        foreach (var c in unit)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return digits > 0 && long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static string Range(LinkisPropertyRule rule) =>
        (rule.Min, rule.Max) switch
        {
            (long.MinValue, long.MaxValue) => "Write a whole number.",
            (var min, long.MaxValue) => string.Create(CultureInfo.InvariantCulture, $"Write a whole number of {min} or more."),
            var (min, max) => string.Create(CultureInfo.InvariantCulture, $"Write a whole number from {min} to {max}."),
        };

    private static string SizeRange(LinkisPropertyRule rule) =>
        string.Create(CultureInfo.InvariantCulture, $"Write a size between {Math.Max(rule.Min, 0)} and {rule.Max} bytes, such as 1m.");

    private static string UnitName(TimeSpan unit) =>
        unit == TimeSpan.FromMilliseconds(1) ? "milliseconds"
        : unit == TimeSpan.FromSeconds(1) ? "seconds"
        : unit == TimeSpan.FromMinutes(1) ? "minutes"
        : unit.ToString();

    private static bool Fail(string problemText, string fixText, out string problem, out string fix)
    {
        problem = problemText;
        fix = fixText;
        return false;
    }
}
