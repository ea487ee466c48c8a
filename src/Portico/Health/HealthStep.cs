using Portico.Discovery;
using Portico.LoadBalancing;

namespace Portico.Health;

/// <summary>
/// Removes the candidates that fail their health checks and unpins an unhealthy pinned instance. When none is healthy,
/// the service's <see cref="HealthConfig.AllUnhealthy"/> decides: remove all (the request gets 503), or panic and keep
/// all, pin included.
/// </summary>
internal sealed class HealthStep(InstanceHealthStore health) : IInstanceSelectionStep
{
    public int Order => InstanceSelectionStepOrder.Health;

    public void Apply(InstanceSelectionContext context)
    {
        var candidates = context.Candidates;
        var healthy = 0;
        foreach (var candidate in candidates)
        {
            if (health.IsHealthy(context.ServiceId, candidate))
            {
                healthy++;
            }
        }

        if (healthy == candidates.Length)
        {
            return;
        }

        if (healthy == 0)
        {
            if (context.Settings.Health.AllUnhealthy == AllUnhealthyBehavior.Panic)
            {
                context.Panic = true;
                return;
            }

            context.RemoveAll(AffinityFailoverReason.Unhealthy);
            return;
        }

        context.RetainWhere((health, context.ServiceId), static (instance, s) => s.health.IsHealthy(s.ServiceId, instance), AffinityFailoverReason.Unhealthy);
    }
}
