namespace Portico.LoadBalancing;

/// <summary>
/// One step of instance selection. Steps run in ascending <see cref="Order"/> for every request to an <c>lb://</c>
/// route; each narrows <see cref="InstanceSelectionContext.Candidates"/>, may pin or unpin an instance, and the last
/// one picks. Register implementations in DI as <see cref="IInstanceSelectionStep"/>.
/// </summary>
public interface IInstanceSelectionStep
{
    /// <summary>The position of the step; see <see cref="InstanceSelectionStepOrder"/> for the built-in ones.</summary>
    int Order { get; }

    /// <summary>
    /// Applies the step. Runs synchronously on the request path: must not block, and must not keep
    /// <paramref name="context"/> after returning (it is reused for the next request).
    /// </summary>
    void Apply(InstanceSelectionContext context);
}
