namespace Portico.Labels;

/// <summary>
/// Read access to the instance-label store (Linkis's <c>InsLabelService.searchInstancesByLabels</c>): which registered
/// instances carry a label. The context-service router uses it to turn HA context-id aliases (<c>route</c> labels such
/// as <c>cs_1_dev</c>) into instances. Implementations answer from memory: they run on the request path. The label
/// store provides it.
/// </summary>
public interface IInstanceLabelLookup
{
    /// <summary>The instances labelled <paramref name="key"/> = <paramref name="value"/> (exact match), in the store's order.</summary>
    IReadOnlyList<LabelledInstance> FindInstances(string key, string value);
}

/// <summary>An instance found by label.</summary>
/// <param name="Application">The application the instance belongs to.</param>
/// <param name="Instance">The instance, <c>host:port</c>.</param>
public readonly record struct LabelledInstance(string Application, string Instance);

/// <summary>The well-known label keys.</summary>
public static class LabelKeys
{
    /// <summary>The route label: instances labelled <c>route=x</c> serve requests that ask for route <c>x</c>.</summary>
    public const string Route = "route";
}
