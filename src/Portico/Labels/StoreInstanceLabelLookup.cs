namespace Portico.Labels;

/// <summary>Answers the context-service router's label lookups from the label store's current snapshot.</summary>
internal sealed class StoreInstanceLabelLookup(ILabelStore labels) : IInstanceLabelLookup
{
    public IReadOnlyList<LabelledInstance> FindInstances(string key, string value) => labels.Current.FindInstances(key, value);
}
