namespace Portico.Configuration;

/// <summary>Shared settings for regular expressions taken from configuration.</summary>
public static class RegexDefaults
{
    /// <summary>
    /// Match timeout of configured patterns: a guard against catastrophic backtracking, long enough that a first match
    /// (which may JIT the pattern) on a busy machine never trips it.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
}
