namespace Portico.LoadBalancing;

/// <summary>
/// Orders of the built-in instance-selection steps, with gaps so that a step can be placed between any two. The
/// sequence is registry status, labels, affinity, health, previous attempts, then the load-balancing policy.
/// </summary>
public static class InstanceSelectionStepOrder
{
    /// <summary>Keeps the instances the registry reports UP.</summary>
    public const int RegistryStatus = 100;

    /// <summary>Reserved for narrowing by instance labels (route or tenant labels).</summary>
    public const int Labels = 200;

    /// <summary>Pins the instance the request names (<c>FIXED_INSTANCE</c> header or sticky cookie).</summary>
    public const int Affinity = 300;

    /// <summary>Removes unhealthy instances, or keeps all of them in panic mode.</summary>
    public const int Health = 400;

    /// <summary>On a retry, removes the instances this request has already failed on.</summary>
    public const int PreviousAttempts = 500;

    /// <summary>Picks the pinned instance, or asks the service's load-balancing policy.</summary>
    public const int LoadBalancing = 1000;

    /// <summary>Every constant of this class by name, for introspection.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> All { get; } =
    [
        new(nameof(RegistryStatus), RegistryStatus),
        new(nameof(Labels), Labels),
        new(nameof(Affinity), Affinity),
        new(nameof(Health), Health),
        new(nameof(PreviousAttempts), PreviousAttempts),
        new(nameof(LoadBalancing), LoadBalancing),
    ];
}
