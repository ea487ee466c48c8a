using Microsoft.Extensions.Logging;

namespace Portico.LoadBalancing;

/// <summary>
/// The last step: serves the pinned instance when there is one, else asks the service's load-balancing policy. An
/// unknown policy name cannot pass validation; should a policy vanish from DI anyway, the default one is used.
/// </summary>
internal sealed partial class LoadBalancingStep : IInstanceSelectionStep
{
    private readonly Dictionary<string, ILoadBalancingPolicy> _policies;
    private readonly ILoadBalancingPolicy _default;
    private readonly ILogger<LoadBalancingStep> _logger;

    public LoadBalancingStep(IEnumerable<ILoadBalancingPolicy> policies, ILogger<LoadBalancingStep> logger)
    {
        _policies = PolicyMap(policies);
        _logger = logger;
        _default = _policies.TryGetValue(LoadBalancingPolicies.PowerOfTwoChoices, out var p2c) ? p2c : _policies.Values.First();
    }

    public int Order => InstanceSelectionStepOrder.LoadBalancing;

    public void Apply(InstanceSelectionContext context)
    {
        if (context.Selected is not null || context.Candidates.Length == 0)
        {
            return;
        }

        if (context.Pinned is not null)
        {
            context.Selected = context.Pinned;
            return;
        }

        var name = context.Settings.LoadBalancer;
        if (!_policies.TryGetValue(name, out var policy))
        {
            LogUnknownPolicy(_logger, context.ServiceId, name, _default.Name);
            policy = _default;
        }

        context.Selected = policy.Pick(context);
    }

    /// <summary>Policies by name; a later registration replaces an earlier one of the same name.</summary>
    internal static Dictionary<string, ILoadBalancingPolicy> PolicyMap(IEnumerable<ILoadBalancingPolicy> policies)
    {
        var map = new Dictionary<string, ILoadBalancingPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in policies)
        {
            map[policy.Name] = policy;
        }

        if (map.Count == 0)
        {
            throw new InvalidOperationException("No load-balancing policy is registered.");
        }

        return map;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.LoadBalancing + 10, Level = LogLevel.Error, Message = "Service {ServiceId}: load-balancing policy '{Policy}' is not registered; using {Fallback}")]
    private static partial void LogUnknownPolicy(ILogger logger, string serviceId, string policy, string fallback);
}
