using System.Globalization;
using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Picks a random candidate with probability proportional to its weight: the instance's <c>weight</c> metadata when it
/// is a whole number, else <see cref="ServiceInstance.Weight"/>. Weight 0 takes no traffic unless every candidate is 0,
/// in which case the pick is uniform.
/// </summary>
internal sealed class WeightedPolicy(IRandomSource random) : ILoadBalancingPolicy
{
    public const string WeightMetadataKey = "weight";

    public string Name => LoadBalancingPolicies.Weighted;

    public ServiceInstance? Pick(InstanceSelectionContext context)
    {
        var candidates = context.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        long total = 0;
        foreach (var candidate in candidates)
        {
            total += WeightOf(candidate);
        }

        if (total == 0)
        {
            return candidates[random.Next(candidates.Length)];
        }

        // Weights are ints, so a sum beyond int range needs more than 2^31 weight units; clamp rather than overflow.
        var point = random.Next((int)Math.Min(total, int.MaxValue));
        foreach (var candidate in candidates)
        {
            point -= WeightOf(candidate);
            if (point < 0)
            {
                return candidate;
            }
        }

        return candidates[^1];
    }

    internal static int WeightOf(ServiceInstance instance) =>
        instance.Metadata.TryGetValue(WeightMetadataKey, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight)
            ? weight
            : Math.Max(instance.Weight, 0);
}
