using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Portico.Configuration;

/// <summary>Names an additional configuration path (relative to the record's section) a setting is read from.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class ConfigAliasAttribute(string path) : Attribute
{
    /// <summary>The alias path, with <c>:</c> or <c>.</c> separators (e.g. Spring's <c>tags.path.enabled</c>).</summary>
    public string Path { get; } = path;
}

/// <summary>
/// Binds settings records (init-only properties) from configuration sections with relaxed names (<c>connect-timeout</c>
/// = <c>ConnectTimeout</c>) and Spring's value formats (durations such as <c>5s</c> or plain milliseconds, sizes such
/// as <c>5MB</c>, comma lists) and lists of settings records (one record per list item). Runs at load time only;
/// the hot path reads the bound records.
/// </summary>
internal static class SettingsBinder
{
    /// <summary>
    /// Binds <paramref name="sections"/> onto a copy of <paramref name="defaults"/>. Keys in <paramref name="skip"/> are
    /// read by someone else; a key of Portico's own sections that neither a property nor <paramref name="skip"/> names is
    /// an error.
    /// </summary>
    public static T Bind<T>(T defaults, IReadOnlyList<IConfigurationSection> sections, string path, List<ConfigError> errors, IReadOnlyCollection<string>? skip = null)
        where T : class => (T)BindObject(defaults, typeof(T), sections, path, errors, skip);

    /// <summary>Binds <paramref name="sections"/> onto a copy of the settings record <paramref name="defaults"/>, as a nested record is bound.</summary>
    public static T BindCopy<T>(T defaults, IReadOnlyList<IConfigurationSection> sections, string path, List<ConfigError> errors)
        where T : class => (T)BindObject(Clone(defaults), typeof(T), sections, path, errors, null);

    /// <summary>The keys a settings record of <paramref name="type"/> reads: its properties and the first part of their aliases.</summary>
    internal static IEnumerable<string> KnownKeys(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite)
            {
                continue;
            }

            yield return ToKebab(property.Name);
            foreach (var alias in property.GetCustomAttributes<ConfigAliasAttribute>())
            {
                yield return alias.Path.Split('.', ':')[0];
            }
        }
    }

    private static object BindObject(object target, Type type, IReadOnlyList<IConfigurationSection> sections, string path, List<ConfigError> errors, IReadOnlyCollection<string>? skip)
    {
        var known = KnownKeys(type).Concat(skip ?? []).ToList();
        foreach (var section in sections)
        {
            UnknownKeys.Check(section, known, null, path, errors);
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || skip?.Any(s => ComponentArgs.Normalize(s) == ComponentArgs.Normalize(property.Name)) == true)
            {
                continue;
            }

            var key = ComponentArgs.Normalize(property.Name);
            var found = sections.Select(s => PorticoConfigReader.Child(s, key)).Where(s => s is not null).Select(s => s!).ToList();
            foreach (var alias in property.GetCustomAttributes<ConfigAliasAttribute>())
            {
                foreach (var s in sections)
                {
                    IConfigurationSection? cur = s;
                    foreach (var part in alias.Path.Split('.', ':'))
                    {
                        cur = cur is null ? null : PorticoConfigReader.Child(cur, part);
                    }

                    if (cur is not null)
                    {
                        found.Add(cur);
                    }
                }
            }

            if (found.Count == 0)
            {
                continue;
            }

            var fieldPath = path.Length == 0 ? ToKebab(property.Name) : path + "." + ToKebab(property.Name);
            var propertyType = property.PropertyType;
            if (IsSettingsRecord(propertyType))
            {
                var current = property.GetValue(target) ?? Activator.CreateInstance(propertyType)!;
                property.SetValue(target, BindObject(Clone(current), propertyType, found, fieldPath, errors, null));
                continue;
            }

            if (RecordListElementType(propertyType) is { } elementType)
            {
                property.SetValue(target, BindRecordList(found[0], elementType, fieldPath, errors));
                continue;
            }

            var section = found[0];
            if (TryConvert(section, propertyType, out var value, out var expected))
            {
                property.SetValue(target, value);
            }
            else
            {
                errors.Add(new ConfigError(null, fieldPath, $"'{section.Value}' is not {expected}.", $"Write {expected} for '{fieldPath}'."));
            }
        }

        return target;
    }

    private static bool IsSettingsRecord(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Portico", StringComparison.Ordinal) == true && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>The element type of an <c>IReadOnlyList&lt;T&gt;</c> of settings records, or null for any other type.</summary>
    private static Type? RecordListElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && IsSettingsRecord(type.GetGenericArguments()[0])
            ? type.GetGenericArguments()[0]
            : null;

    /// <summary>Binds each item of a list section (<c>clients[0]</c>, <c>clients[1]</c>, ...) onto a new record.</summary>
    private static Array BindRecordList(IConfigurationSection section, Type elementType, string fieldPath, List<ConfigError> errors)
    {
        var items = PorticoConfigReader.OrderedChildren(section).ToList();
        var result = Array.CreateInstance(elementType, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = BindObject(Activator.CreateInstance(elementType)!, elementType, [items[i]], $"{fieldPath}[{i}]", errors, null);
            result.SetValue(item, i);
        }

        return result;
    }

    private static object Clone(object record)
    {
        // Records expose a protected copy constructor; MemberwiseClone gives the same shallow copy.
        var method = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;
        return method.Invoke(record, null)!;
    }

    private static bool TryConvert(IConfigurationSection section, Type type, out object? value, out string expected)
    {
        var text = section.Value;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        expected = "a value";
        if (underlying == typeof(IReadOnlyList<string>) || underlying == typeof(string[]))
        {
            expected = "a list";
            var items = section.GetChildren().Any()
                ? PorticoConfigReader.OrderedChildren(section).Where(c => c.Value is not null).Select(c => c.Value!.Trim()).ToArray()
                : (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            value = items;
            return true;
        }

        if (underlying == typeof(IReadOnlyDictionary<string, string>))
        {
            // A map of names to texts (such as per-user settings keyed by user name); keys keep their case.
            expected = "a map of names to values";
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var child in section.GetChildren())
            {
                if (child.Value is null)
                {
                    return false;
                }

                map[child.Key] = child.Value.Trim();
            }

            value = map;
            return text is null || text.Length == 0;
        }

        if (text is null)
        {
            expected = "a scalar value";
            return false;
        }

        if (text.Length == 0 && underlying != typeof(string) && underlying != typeof(TimeSpan) && Nullable.GetUnderlyingType(type) is not null)
        {
            return true;
        }

        if (underlying == typeof(string))
        {
            value = text;
            return true;
        }

        if (underlying == typeof(bool))
        {
            expected = "true or false";
            var ok = bool.TryParse(text, out var b);
            value = b;
            return ok;
        }

        if (underlying == typeof(int))
        {
            expected = "an integer";
            var ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i);
            value = i;
            return ok;
        }

        if (underlying == typeof(long))
        {
            expected = "an integer or a size such as 10MB";
            var ok = DataSize.TryParse(text, out var l);
            value = l;
            return ok;
        }

        if (underlying == typeof(double))
        {
            expected = "a number";
            var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d);
            value = d;
            return ok;
        }

        if (underlying == typeof(TimeSpan))
        {
            expected = "a duration such as 500ms, 5s or 1m (plain numbers are milliseconds)";
            if (Nullable.GetUnderlyingType(type) is not null)
            {
                // A limit that can be switched off (null) is switched off only by a word that says so.
                expected += ", or 0, -1 or infinite for none";
                var parsed = DurationParser.TryParseLimit(text, out var limit);
                value = limit;
                return parsed;
            }

            var ok = DurationParser.TryParse(text, out var t);
            value = t;
            return ok;
        }

        if (underlying.IsEnum)
        {
            expected = "one of " + string.Join(", ", Enum.GetNames(underlying));
            var ok = Enum.TryParse(underlying, text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var e);
            value = e;
            return ok;
        }

        expected = $"a {underlying.Name}";
        return false;
    }

    internal static string ToKebab(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
