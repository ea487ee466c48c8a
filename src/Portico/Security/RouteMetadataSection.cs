using System.Globalization;
using Portico.Configuration;

namespace Portico.Security;

/// <summary>
/// The route metadata under one top-level key (<c>cors</c>, <c>auth</c>), as written in YAML or JSON: fields by
/// normalized name (<c>allowed-origins</c> = <c>allowedOrigins</c>), each a comma-separated scalar or a list.
/// Read once per configuration load.
/// </summary>
internal sealed class RouteMetadataSection
{
    private readonly Dictionary<string, List<(int Index, string Value)>> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    private RouteMetadataSection(string name, string routeId)
    {
        Name = name;
        RouteId = routeId;
    }

    /// <summary>The top-level key.</summary>
    public string Name { get; }

    /// <summary>The route's id.</summary>
    public string RouteId { get; }

    /// <summary>The scalar written at the top-level key itself (<c>auth: jwt</c>), or null.</summary>
    public string? Value { get; private set; }

    /// <summary>The section of <paramref name="route"/> named <paramref name="name"/>, or null when the route has none.</summary>
    public static RouteMetadataSection? Find(RouteConfig route, string name)
    {
        RouteMetadataSection? section = null;
        foreach (var (key, value) in route.Metadata)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                section ??= new RouteMetadataSection(name, route.Id);
                section.Value = value;
                continue;
            }

            if (key.Length <= name.Length || key[name.Length] != '.' || !key.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            section ??= new RouteMetadataSection(name, route.Id);
            var rest = key[(name.Length + 1)..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var field = ComponentArgs.Normalize(dot < 0 ? rest : rest[..dot]);
            var index = -1;
            if (dot >= 0 && !int.TryParse(rest.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                // Deeper nesting than a list is not a field of ours; name it as unknown.
                field = ComponentArgs.Normalize(rest);
            }

            if (!section._fields.TryGetValue(field, out var values))
            {
                values = [];
                section._fields[field] = values;
                section._keys[field] = dot < 0 ? rest : rest[..dot];
            }

            values.Add((index, value));
        }

        return section;
    }

    /// <summary>Whether the field is present.</summary>
    public bool Has(string field) => _fields.ContainsKey(ComponentArgs.Normalize(field));

    /// <summary>The field's items: list items in order, or a scalar split on commas; null when absent.</summary>
    public IReadOnlyList<string>? GetList(string field)
    {
        if (!_fields.TryGetValue(ComponentArgs.Normalize(field), out var values))
        {
            return null;
        }

        var result = new List<string>();
        foreach (var (_, value) in values.OrderBy(v => v.Index))
        {
            result.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return result;
    }

    /// <summary>The field as one string, or null when absent.</summary>
    public string? GetString(string field)
    {
        var list = GetList(field);
        return list is null ? null : string.Join(',', list);
    }

    /// <summary>The field as a boolean; null when absent or invalid (an error is recorded).</summary>
    public bool? GetBoolean(string field, List<ConfigError> errors)
    {
        var text = GetString(field);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(Error(field, $"'{text}' is not a boolean.", "Write true or false."));
        return null;
    }

    /// <summary>Records an error for every field not in <paramref name="known"/>.</summary>
    public void RejectUnknownFields(IReadOnlyList<string> known, List<ConfigError> errors)
    {
        foreach (var (field, key) in _keys)
        {
            var isKnown = false;
            foreach (var k in known)
            {
                isKnown |= ComponentArgs.Normalize(k) == field;
            }

            if (!isKnown)
            {
                errors.Add(Error(key, "is not a known setting.", $"Known settings under metadata.{Name}: {string.Join(", ", known)}."));
            }
        }
    }

    /// <summary>An error about <paramref name="field"/> of this section.</summary>
    public ConfigError Error(string field, string problem, string fix) =>
        new(RouteId, $"metadata.{Name}.{field}", problem, fix);
}
