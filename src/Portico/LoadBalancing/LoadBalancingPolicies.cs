namespace Portico.LoadBalancing;

/// <summary>Names of the built-in load-balancing policies, as written in configuration.</summary>
public static class LoadBalancingPolicies
{
    /// <summary>Of two random candidates, the one with fewer active requests (the default).</summary>
    public const string PowerOfTwoChoices = "PowerOfTwoChoices";

    /// <summary>Each candidate in turn.</summary>
    public const string RoundRobin = "RoundRobin";

    /// <summary>A uniformly random candidate.</summary>
    public const string Random = "Random";

    /// <summary>The candidate with the fewest active requests (the first of equals).</summary>
    public const string LeastRequests = "LeastRequests";

    /// <summary>A random candidate with probability proportional to its weight (<c>weight</c> metadata, else <see cref="Discovery.ServiceInstance.Weight"/>).</summary>
    public const string Weighted = "Weighted";
}
