using System.Globalization;
using System.Text.RegularExpressions;

namespace Portico.Configuration;

/// <summary>
/// The arguments of one predicate or filter, bound from either notation onto the factory's field names, with typed
/// accessors that record a <see cref="ConfigError"/> instead of throwing. Names match case-insensitively and ignore
/// dashes, so <c>match-trailing-slash</c> and <c>matchTrailingSlash</c> are the same field.
/// </summary>
public sealed class ComponentArgs
{
    private static readonly TimeSpan RegexTimeout = RegexDefaults.MatchTimeout;
    private readonly Dictionary<string, IReadOnlyList<string>> _values;
    private readonly List<ConfigError> _errors;

    private ComponentArgs(string? routeId, string location, string componentName, Dictionary<string, IReadOnlyList<string>> values, List<ConfigError> errors, RouteBuildContext context)
    {
        Context = context;
        RouteId = routeId;
        Location = location;
        ComponentName = componentName;
        _values = values;
        _errors = errors;
    }

    /// <summary>State shared by every component of one configuration build (e.g. <c>Weight</c> groups).</summary>
    public RouteBuildContext Context { get; }

    /// <summary>The route being built, or null for default filters.</summary>
    public string? RouteId { get; }

    /// <summary>Where the component sits in the configuration, e.g. <c>filters[1]</c>.</summary>
    public string Location { get; }

    /// <summary>The factory name.</summary>
    public string ComponentName { get; }

    /// <summary>The bound values by normalized field name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values => _values;

    /// <summary>Whether any error has been recorded for this component.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>
    /// Binds <paramref name="config"/> onto the fields of <paramref name="shortcut"/>; problems go to <paramref name="errors"/>.
    /// </summary>
    public static ComponentArgs Bind(ComponentConfig config, ShortcutSpec shortcut, string? routeId, string location, List<ConfigError> errors, RouteBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(shortcut);
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var positional = new List<string>(config.ShortcutArgs);
        foreach (var (key, value) in config.Args)
        {
            // Spring writes positional arguments of the expanded notation as _genkey_0, _genkey_1, ...
            if (key.StartsWith("_genkey_", StringComparison.OrdinalIgnoreCase))
            {
                positional.AddRange(value);
            }
            else
            {
                values[Normalize(key)] = value;
            }
        }

        var args = new ComponentArgs(routeId, location, config.Name, values, errors, context ?? new RouteBuildContext());
        if (positional.Count > 0)
        {
            args.BindPositional(positional, shortcut);
        }

        return args;
    }

    /// <summary>Normalizes a field name: lower case, dashes and underscores removed.</summary>
    public static string Normalize(string name) =>
        string.Create(name.Length - name.Count(c => c is '-' or '_'), name, static (span, n) =>
        {
            var i = 0;
            foreach (var c in n)
            {
                if (c is not ('-' or '_'))
                {
                    span[i++] = char.ToLowerInvariant(c);
                }
            }
        });

    /// <summary>Whether the field has a value.</summary>
    public bool Has(string name) => _values.TryGetValue(Normalize(name), out var v) && v.Count > 0;

    /// <summary>The field's value, or null when absent.</summary>
    public string? GetString(string name) =>
        _values.TryGetValue(Normalize(name), out var v) && v.Count > 0 ? string.Join(',', v) : null;

    /// <summary>The field's value; records an error and returns an empty string when absent or blank.</summary>
    public string GetRequiredString(string name)
    {
        var value = GetString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            AddError(name, "is required.", $"Give {ComponentName} a value for '{name}'.");
            return string.Empty;
        }

        return value;
    }

    /// <summary>The field's values as a list; records an error when <paramref name="required"/> and empty.</summary>
    public IReadOnlyList<string> GetList(string name, bool required = true)
    {
        if (_values.TryGetValue(Normalize(name), out var v) && v.Count > 0)
        {
            // A list written as one comma-separated scalar in the expanded notation is split like the shortcut.
            return v.Count == 1 && v[0].Contains(',', StringComparison.Ordinal)
                ? v[0].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : v;
        }

        if (required)
        {
            AddError(name, "needs at least one value.", $"List one or more values for '{name}' of {ComponentName}.");
        }

        return [];
    }

    /// <summary>The field as an integer, <paramref name="defaultValue"/> when absent; records an error when malformed.</summary>
    public int GetInt32(string name, int? defaultValue = null, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = GetString(name);
        if (text is null)
        {
            if (defaultValue is null)
            {
                AddError(name, "is required.", $"Give {ComponentName} an integer value for '{name}'.");
                return 0;
            }

            return defaultValue.Value;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            AddError(name, $"'{text}' is not an integer between {min} and {max}.", $"Write a whole number for '{name}'.");
            return defaultValue ?? 0;
        }

        return value;
    }

    /// <summary>The field as a 64-bit integer, <paramref name="defaultValue"/> when absent.</summary>
    public long GetInt64(string name, long? defaultValue = null, long min = long.MinValue)
    {
        var text = GetString(name);
        if (text is null)
        {
            if (defaultValue is null)
            {
                AddError(name, "is required.", $"Give {ComponentName} an integer value for '{name}'.");
                return 0;
            }

            return defaultValue.Value;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            AddError(name, $"'{text}' is not an integer of at least {min}.", $"Write a whole number for '{name}'.");
            return defaultValue ?? 0;
        }

        return value;
    }

    /// <summary>The field as a boolean, <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBoolean(string name, bool defaultValue)
    {
        var text = GetString(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!bool.TryParse(text, out var value))
        {
            AddError(name, $"'{text}' is not a boolean.", $"Write true or false for '{name}'.");
            return defaultValue;
        }

        return value;
    }

    /// <summary>The field as a regular expression (culture-invariant, with a match timeout), or null when absent.</summary>
    public Regex? GetRegex(string name, bool required, RegexOptions options = RegexOptions.None)
    {
        var text = required ? GetRequiredString(name) : GetString(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return new Regex(text, options | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            AddError(name, $"'{text}' is not a valid regular expression: {ex.Message}", "Fix the pattern (.NET regular expression syntax).");
            return null;
        }
    }

    /// <summary>The field as a size with an optional unit (<c>5000</c>, <c>5KB</c>, <c>2MB</c>, <c>1GB</c>), in bytes.</summary>
    public long GetDataSize(string name, long defaultValue)
    {
        var text = GetString(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!DataSize.TryParse(text, out var bytes))
        {
            AddError(name, $"'{text}' is not a size.", "Write a number of bytes, optionally with a unit: B, KB, MB or GB (e.g. 5MB).");
            return defaultValue;
        }

        return bytes;
    }

    /// <summary>The field as a duration (<c>500</c> = milliseconds, or <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>).</summary>
    public TimeSpan? GetDuration(string name, TimeSpan? defaultValue)
    {
        var text = GetString(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!DurationParser.TryParse(text, out var duration))
        {
            AddError(name, $"'{text}' is not a duration.", "Write milliseconds (500) or a number with a unit: ms, s, m, h or d (e.g. 30s).");
            return defaultValue;
        }

        return duration;
    }

    /// <summary>Records a problem with field <paramref name="field"/> of this component.</summary>
    public void AddError(string field, string problem, string fix)
    {
        HasErrors = true;
        _errors.Add(new ConfigError(RouteId, $"{Location} ({ComponentName}).args.{field}", problem, fix));
    }

    private void BindPositional(List<string> positional, ShortcutSpec shortcut)
    {
        var fields = shortcut.FieldOrder;
        switch (shortcut.Type)
        {
            case ShortcutType.GatherList when fields.Count > 0:
                _values[Normalize(fields[0])] = positional;
                break;
            case ShortcutType.GatherListTailFlag when fields.Count > 1:
                var last = positional[^1];
                if (positional.Count > 1 && (last.Equals("true", StringComparison.OrdinalIgnoreCase) || last.Equals("false", StringComparison.OrdinalIgnoreCase)))
                {
                    _values[Normalize(fields[1])] = [last];
                    positional = positional.GetRange(0, positional.Count - 1);
                }

                _values[Normalize(fields[0])] = positional;
                break;
            default:
                if (positional.Count > fields.Count)
                {
                    HasErrors = true;
                    _errors.Add(new ConfigError(
                        RouteId,
                        $"{Location} ({ComponentName})",
                        $"takes {fields.Count} argument{(fields.Count == 1 ? "" : "s")} ({string.Join(", ", fields)}) but {positional.Count} were given.",
                        fields.Count == 0 ? $"Write just '{ComponentName}'." : $"Write '{ComponentName}={string.Join(", ", fields.Select(f => "<" + f + ">"))}'."));
                }

                for (var i = 0; i < positional.Count && i < fields.Count; i++)
                {
                    _values[Normalize(fields[i])] = [positional[i]];
                }

                break;
        }
    }
}
