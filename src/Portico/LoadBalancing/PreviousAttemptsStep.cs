using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>On a retry, removes the instances this request already failed to reach, so the retry goes elsewhere.</summary>
internal sealed class PreviousAttemptsStep : IInstanceSelectionStep
{
    public int Order => InstanceSelectionStepOrder.PreviousAttempts;

    public void Apply(InstanceSelectionContext context)
    {
        if (context.Attempted.Length == 0)
        {
            return;
        }

        context.RetainWhere(context, static (instance, ctx) => !WasAttempted(ctx.Attempted, instance), AffinityFailoverReason.AttemptFailed);
    }

    private static bool WasAttempted(ReadOnlySpan<ServiceInstance> attempted, ServiceInstance instance)
    {
        foreach (var a in attempted)
        {
            if (a.InstanceId == instance.InstanceId)
            {
                return true;
            }
        }

        return false;
    }
}
