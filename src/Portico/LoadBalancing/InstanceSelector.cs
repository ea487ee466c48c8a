using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Runs the instance-selection steps in order over the service's registered instances. The selection context is
/// reused per thread (selection is synchronous), so choosing an instance allocates nothing.
/// </summary>
internal sealed class InstanceSelector
{
    [ThreadStatic]
    private static InstanceSelectionContext? t_context;

    private readonly IInstanceSelectionStep[] _steps;
    private readonly IServiceRegistry? _registry;
    private readonly InstanceLoadTracker _load;

    public InstanceSelector(IEnumerable<IInstanceSelectionStep> steps, InstanceLoadTracker load, IServiceRegistry? registry = null)
    {
        // A stable sort keeps registration order among equal orders.
        var list = new List<IInstanceSelectionStep>(steps);
        _steps = [.. list.Select((s, i) => (s, i)).OrderBy(x => x.s.Order).ThenBy(x => x.i).Select(x => x.s)];
        _load = load;
        _registry = registry;
    }

    /// <summary>The steps in the order they run, for introspection.</summary>
    public IReadOnlyList<IInstanceSelectionStep> Steps => _steps;

    public InstanceSelection Select(GatewayExchange exchange, string serviceId, ServiceConfig settings, ReadOnlySpan<ServiceInstance> attempted)
    {
        var registered = _registry?.Current.GetInstances(serviceId) ?? [];
        var context = t_context ?? new InstanceSelectionContext();
        t_context = null;
        try
        {
            context.Initialize(exchange, serviceId, settings, registered, attempted, _load);
            foreach (var step in _steps)
            {
                step.Apply(context);
            }

            return new InstanceSelection(context.Selected, context.RequestedInstance, context.FailoverReason, context.Panic, registered.Count);
        }
        finally
        {
            context.Reset();
            t_context = context;
        }
    }
}

/// <summary>The outcome of one selection.</summary>
/// <param name="Instance">The chosen instance, or null when none is available.</param>
/// <param name="RequestedInstance">The header or cookie value that asked for an instance, or null.</param>
/// <param name="FailoverReason">Why the requested instance was not chosen.</param>
/// <param name="Panic">Whether the choice ignored health because every candidate was unhealthy.</param>
/// <param name="RegisteredCount">How many instances the registry lists for the service.</param>
internal readonly record struct InstanceSelection(
    ServiceInstance? Instance,
    string? RequestedInstance,
    AffinityFailoverReason FailoverReason,
    bool Panic,
    int RegisteredCount);
