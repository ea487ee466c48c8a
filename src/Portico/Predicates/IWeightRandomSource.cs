namespace Portico.Predicates;

/// <summary>
/// The randomness behind the <c>Weight</c> predicate. Replace the registration in DI to make route choices
/// deterministic (tests) or to draw from another generator.
/// </summary>
internal interface IWeightRandomSource
{
    /// <summary>A number in [0, 1).</summary>
    double NextDouble();
}

/// <summary>Draws from <see cref="Random.Shared"/>, which is thread-safe.</summary>
internal sealed class SharedWeightRandomSource : IWeightRandomSource
{
    public double NextDouble() => Random.Shared.NextDouble();
}
