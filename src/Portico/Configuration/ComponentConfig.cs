namespace Portico.Configuration;

/// <summary>
/// A predicate or filter as written in configuration: either Spring's shortcut notation (<c>Path=/a/**,/b/**</c>,
/// kept as <see cref="ShortcutArgs"/>) or the fully expanded notation (<c>name</c> plus named <c>args</c>).
/// </summary>
/// <param name="Name">The factory name, e.g. <c>Path</c> or <c>StripPrefix</c>.</param>
/// <param name="ShortcutArgs">Comma-separated values of the shortcut notation, trimmed, in order.</param>
/// <param name="Args">Named arguments of the expanded notation; a scalar is a one-element list.</param>
public sealed record ComponentConfig(
    string Name,
    IReadOnlyList<string> ShortcutArgs,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Args)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoArgs =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the shortcut notation <c>Name=arg1, arg2</c>; a bare <c>Name</c> has no arguments.</summary>
    public static ComponentConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return new ComponentConfig(text.Trim(), [], NoArgs);
        }

        var name = text[..eq].Trim();
        var values = text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ComponentConfig(name, values, NoArgs);
    }

    /// <summary>Creates the expanded notation from named arguments.</summary>
    public static ComponentConfig Create(string name, IEnumerable<KeyValuePair<string, string>> args)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in args)
        {
            map[key] = [value];
        }

        return new ComponentConfig(name, [], map);
    }

    /// <inheritdoc />
    public override string ToString() =>
        ShortcutArgs.Count > 0 || Args.Count == 0
            ? ShortcutArgs.Count == 0 ? Name : $"{Name}={string.Join(',', ShortcutArgs)}"
            : $"{Name}({string.Join(", ", Args.Select(a => $"{a.Key}={string.Join(',', a.Value)}"))})";

    /// <inheritdoc />
    public bool Equals(ComponentConfig? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && ShortcutArgs.SequenceEqual(other.ShortcutArgs)
        && Args.Count == other.Args.Count
        && Args.All(a => other.Args.TryGetValue(a.Key, out var v) && v.SequenceEqual(a.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, ShortcutArgs.Count, Args.Count);
}
