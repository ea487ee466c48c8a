namespace Portico.LoadBalancing;

/// <summary>The default <see cref="IRandomSource"/>: <see cref="Random.Shared"/>, which is thread-safe and lock-free.</summary>
internal sealed class SystemRandomSource : IRandomSource
{
    public int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);
}
