namespace Portico.Labels;

/// <summary>
/// The instance-label store (Linkis's instance-label service): which labels each instance carries. Instances are named
/// by application and <c>host:port</c>, as the registry and Linkis name them. Routing reads <see cref="Current"/>, an
/// immutable snapshot swapped atomically after each change has been saved, so a change takes effect on the next
/// request and the request path never locks or touches storage. Writes are validated first: a rejected change leaves
/// the store as it was and says what was wrong.
/// </summary>
public interface ILabelStore
{
    /// <summary>The labels as of now.</summary>
    LabelSnapshot Current { get; }

    /// <summary>
    /// Replaces every label of the instance with <paramref name="labels"/> (Linkis's <c>refresh</c>); an empty list
    /// leaves the instance known but unlabelled. Creates the instance's entry when it has none.
    /// </summary>
    ValueTask<LabelChangeResult> ReplaceAsync(string application, string instance, IReadOnlyList<InstanceLabel> labels, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="labels"/> to the instance; a key it already carries is a duplicate and nothing changes.</summary>
    ValueTask<LabelChangeResult> AddAsync(string application, string instance, IReadOnlyList<InstanceLabel> labels, CancellationToken cancellationToken = default);

    /// <summary>Sets one label, replacing the value of its key if the instance carries it; a no-op when the value is unchanged.</summary>
    ValueTask<LabelChangeResult> SetAsync(string application, string instance, InstanceLabel label, CancellationToken cancellationToken = default);

    /// <summary>Removes the label <paramref name="key"/> from the instance (not found when it does not carry it).</summary>
    ValueTask<LabelChangeResult> RemoveAsync(string application, string instance, string key, CancellationToken cancellationToken = default);

    /// <summary>Forgets the instance and all its labels (Linkis's <c>remove</c>); the result holds the removed entry.</summary>
    ValueTask<LabelChangeResult> RemoveInstanceAsync(string application, string instance, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a change to the label store.</summary>
/// <param name="Instance">The instance's entry after the change (before it, for a removal); null when there is none.</param>
/// <param name="Error">Why nothing changed, or null on success.</param>
public readonly record struct LabelChangeResult(InstanceLabels? Instance, LabelError? Error)
{
    /// <summary>Whether the change was made (or was already in effect).</summary>
    public bool Succeeded => Error is null;

    /// <summary>A successful result.</summary>
    public static LabelChangeResult Done(InstanceLabels? instance) => new(instance, null);

    /// <summary>A failed result; the store is unchanged.</summary>
    public static LabelChangeResult Failed(LabelErrorKind kind, string field, string message) => new(null, new LabelError(kind, field, message));
}

/// <summary>Why the label store refused a change.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Field">
/// The input at fault: <c>application</c>, <c>instance</c>, <c>labels</c>, <c>key</c> or <c>value</c>.
/// </param>
/// <param name="Message">A sentence naming what was wrong and how to fix it.</param>
public sealed record LabelError(LabelErrorKind Kind, string Field, string Message);

/// <summary>Kinds of <see cref="LabelError"/>.</summary>
public enum LabelErrorKind
{
    /// <summary>An application, instance, key or value that breaks the rules (length, characters).</summary>
    Invalid,

    /// <summary>A key given twice in one change.</summary>
    Duplicate,

    /// <summary>A key the instance already carries, given to <see cref="ILabelStore.AddAsync"/>.</summary>
    Conflict,

    /// <summary>The instance or the label does not exist.</summary>
    NotFound,
}
