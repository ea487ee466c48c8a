using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>Keeps the instances the registry reports UP, as Spring's service-instance suppliers do with Eureka.</summary>
internal sealed class RegistryStatusStep : IInstanceSelectionStep
{
    public int Order => InstanceSelectionStepOrder.RegistryStatus;

    public void Apply(InstanceSelectionContext context) =>
        context.RetainWhere(0, static (instance, _) => instance.Status == InstanceStatus.Up, AffinityFailoverReason.NotUp);
}
