using System.Globalization;
using System.Text;

namespace Portico.Observability.Prometheus;

/// <summary>
/// Turns OpenTelemetry-style instrument names, units and tags into Prometheus names that pass <c>promtool check
/// metrics</c>: snake_case, base units as suffixes (<c>spring.cloud.gateway.requests</c> in <c>s</c> becomes
/// <c>spring_cloud_gateway_requests_seconds</c>), <c>_total</c> on counters, and escaped label values.
/// </summary>
internal static class PrometheusNaming
{
    /// <summary>The Prometheus metric name of an instrument, and the factor that converts its values to the base unit.</summary>
    public static (string Name, double Scale) MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = ToSnakeCase(instrumentName, allowColon: true);
        if (type == PrometheusMetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > 6)
        {
            name = name[..^6];
        }

        var (suffix, scale) = UnitSuffix(unit);
        if (suffix.Length > 0 && name != suffix && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = name + "_" + suffix;
        }

        if (type == PrometheusMetricType.Counter)
        {
            name += "_total";
        }

        return (name, scale);
    }

    /// <summary>The Prometheus label name of a tag: <c>routeId</c> becomes <c>route_id</c>.</summary>
    public static string LabelName(string tagName) => ToSnakeCase(tagName, allowColon: false);

    /// <summary>The text of a tag value; numbers and dates are formatted invariantly.</summary>
    public static string LabelValueText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// The canonical label text of a tag set (<c>a="1",b="2"</c>): labels sorted by name, values escaped, tags whose
    /// names collide after conversion joined with <c>;</c> as OpenTelemetry specifies. Histograms rename a tag
    /// called <c>le</c>, which Prometheus reserves for bucket bounds.
    /// </summary>
    public static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags, bool histogram)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var labels = new (string Name, string Key, string Value)[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var name = LabelName(tags[i].Key);
            if (histogram && name == "le")
            {
                name = "tag_le";
            }

            labels[i] = (name, tags[i].Key, LabelValueText(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Key, b.Key);
        });

        var sb = new StringBuilder(tags.Length * 24);
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0 && labels[i].Name == labels[i - 1].Name)
            {
                // Same label as the previous tag: continue its value. The closing quote is re-appended below.
                sb.Length--;
                sb.Append(';');
            }
            else
            {
                if (sb.Length > 0)
                {
                    sb.Append(',');
                }

                sb.Append(labels[i].Name).Append("=\"");
            }

            AppendEscapedLabelValue(sb, labels[i].Value);
            sb.Append('"');
        }

        return sb.ToString();
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static void AppendEscapedLabelValue(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\n':
                    sb.Append(@"\n");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }

    /// <summary>Escapes <c># HELP</c> text: backslash and line feed.</summary>
    public static string EscapeHelp(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    /// <summary>
    /// Lower snake_case with every character outside <c>[a-z0-9_]</c> (and <c>:</c> when allowed) replaced by an
    /// underscore, runs of underscores collapsed (so no name starts with the reserved <c>__</c>), and a leading
    /// digit guarded by an underscore.
    /// </summary>
    internal static string ToSnakeCase(string name, bool allowColon)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c))
            {
                var prev = i > 0 ? name[i - 1] : '\0';
                var next = i + 1 < name.Length ? name[i + 1] : '\0';

                // routeId -> route_id, HTTPMethod -> http_method, status2XX -> status2_xx.
                if (i > 0 && (char.IsAsciiLetterLower(prev) || char.IsAsciiDigit(prev) || (char.IsAsciiLetterUpper(prev) && char.IsAsciiLetterLower(next))))
                {
                    AppendUnderscore(sb);
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || (allowColon && c == ':'))
            {
                sb.Append(c);
            }
            else
            {
                AppendUnderscore(sb);
            }
        }

        while (sb.Length > 1 && sb[^1] == '_')
        {
            sb.Length--;
        }

        if (sb.Length == 0)
        {
            return "_";
        }

        if (char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }

    private static void AppendUnderscore(StringBuilder sb)
    {
        if (sb.Length == 0 || sb[^1] != '_')
        {
            sb.Append('_');
        }
    }

    /// <summary>The name suffix and scale of a UCUM unit as OpenTelemetry writes them (<c>ms</c>, <c>By</c>, <c>{request}</c>).</summary>
    internal static (string Suffix, double Scale) UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return ("", 1);
        }

        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // A rate such as By/s: the numerator keeps its base unit, the denominator is written in the singular.
            var (numerator, scale) = BaseUnit(unit[..slash]);
            var denominator = unit[(slash + 1)..].Trim() switch
            {
                "s" => "second",
                "min" => "minute",
                "h" => "hour",
                "d" => "day",
                var other => ToSnakeCase(StripAnnotations(other), allowColon: false),
            };
            if (denominator is "_" or "")
            {
                return (numerator, scale);
            }

            return (numerator.Length > 0 ? numerator + "_per_" + denominator : "per_" + denominator, scale);
        }

        return BaseUnit(unit);
    }

    private static (string Suffix, double Scale) BaseUnit(string unit) => StripAnnotations(unit).Trim() switch
    {
        "" or "1" => ("", 1),
        "s" => ("seconds", 1),
        "ms" => ("seconds", 1e-3),
        "us" => ("seconds", 1e-6),
        "ns" => ("seconds", 1e-9),
        "min" => ("seconds", 60),
        "h" => ("seconds", 3600),
        "d" => ("seconds", 86400),
        "By" => ("bytes", 1),
        "kBy" or "KBy" => ("bytes", 1e3),
        "MBy" => ("bytes", 1e6),
        "GBy" => ("bytes", 1e9),
        "KiBy" => ("bytes", 1024),
        "MiBy" => ("bytes", 1024 * 1024),
        "GiBy" => ("bytes", 1024 * 1024 * 1024),
        "%" => ("percent", 1),
        var other => (ToSnakeCase(other, allowColon: false), 1),
    };

    /// <summary>Removes UCUM annotations in braces: <c>{request}</c> is a count and has no suffix.</summary>
    private static string StripAnnotations(string unit)
    {
        var open = unit.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return unit;
        }

        var sb = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
