namespace Portico.Configuration;

/// <summary>How the values of the shortcut notation map onto a factory's named arguments (Spring's <c>ShortcutType</c>).</summary>
public enum ShortcutType
{
    /// <summary>Values map one by one onto the fields, in order.</summary>
    Default,

    /// <summary>All values form one list for the first field (e.g. <c>Method=GET,POST</c>).</summary>
    GatherList,

    /// <summary>As <see cref="GatherList"/>, but a trailing <c>true</c>/<c>false</c> sets the second field.</summary>
    GatherListTailFlag,
}

/// <summary>The shortcut argument order of a predicate or filter factory.</summary>
/// <param name="Type">How values are gathered.</param>
/// <param name="FieldOrder">Field names in shortcut order.</param>
public sealed record ShortcutSpec(ShortcutType Type, IReadOnlyList<string> FieldOrder)
{
    /// <summary>A factory that takes no arguments.</summary>
    public static ShortcutSpec None { get; } = new(ShortcutType.Default, []);

    /// <summary>Values map onto <paramref name="fields"/> in order.</summary>
    public static ShortcutSpec Fields(params string[] fields) => new(ShortcutType.Default, fields);

    /// <summary>All values gathered into the list <paramref name="field"/>.</summary>
    public static ShortcutSpec GatherList(string field) => new(ShortcutType.GatherList, [field]);

    /// <summary>All values gathered into <paramref name="listField"/>, with an optional trailing boolean <paramref name="flagField"/>.</summary>
    public static ShortcutSpec GatherListTailFlag(string listField, string flagField) =>
        new(ShortcutType.GatherListTailFlag, [listField, flagField]);

    /// <inheritdoc />
    public bool Equals(ShortcutSpec? other) =>
        other is not null && Type == other.Type && FieldOrder.SequenceEqual(other.FieldOrder);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, FieldOrder.Count);
}
