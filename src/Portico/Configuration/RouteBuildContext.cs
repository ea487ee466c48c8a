namespace Portico.Configuration;

/// <summary>
/// State shared by the factories during one build of the route table. Components that span routes (such as
/// <c>Weight</c> groups) keep their shared objects in <see cref="Items"/> and finish them in <see cref="OnBuilt"/>.
/// </summary>
public sealed class RouteBuildContext
{
    private readonly List<Action> _onBuilt = [];

    /// <summary>Objects shared across the routes of this build, by key.</summary>
    public IDictionary<string, object> Items { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Registers work to run once every route has been built without errors, before the table is published.</summary>
    public void OnBuilt(Action action) => _onBuilt.Add(action);

    internal void Complete()
    {
        foreach (var action in _onBuilt)
        {
            action();
        }
    }
}
