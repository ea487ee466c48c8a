namespace Portico.LoadBalancing;

/// <summary>The randomness load-balancing policies use; replace it in DI to make picks reproducible.</summary>
public interface IRandomSource
{
    /// <summary>Returns a value in <c>[0, maxExclusive)</c>; <paramref name="maxExclusive"/> is at least 1.</summary>
    int Next(int maxExclusive);
}
