using System.Text.RegularExpressions;

namespace Portico.Predicates;

/// <summary>
/// A configured regular expression that must match a whole value, as Java's <c>String.matches</c> does in Spring's
/// predicates. Compiled with the linear-time <see cref="RegexOptions.NonBacktracking"/> engine so that client-controlled
/// input cannot cause catastrophic backtracking; patterns that need backtracking features (look-arounds,
/// back-references) fall back to the backtracking engine with a match timeout.
/// </summary>
internal sealed class FullMatchRegex
{
    private static readonly TimeSpan BacktrackingTimeout = Configuration.RegexDefaults.MatchTimeout;
    private readonly Regex _regex;

    private FullMatchRegex(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The pattern as configured.</summary>
    public string Pattern { get; }

    /// <summary>
    /// Compiles <paramref name="pattern"/> anchored at both ends. <paramref name="anchoredPattern"/> may supply an
    /// already-built body (e.g. a path segment with named groups); it defaults to <paramref name="pattern"/>.
    /// </summary>
    public static FullMatchRegex? TryCreate(string pattern, RegexOptions options, out string? error, string? anchoredPattern = null)
    {
        var body = @"\A(?:" + (anchoredPattern ?? pattern) + @")\z";
        options |= RegexOptions.CultureInvariant;
        try
        {
            error = null;
            return new FullMatchRegex(pattern, new Regex(body, options | RegexOptions.NonBacktracking));
        }
        catch (NotSupportedException)
        {
            // Look-arounds, back-references and atomic groups need the backtracking engine.
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }

        try
        {
            error = null;
            return new FullMatchRegex(pattern, new Regex(body, options, BacktrackingTimeout));
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Whether the whole of <paramref name="input"/> matches. A match that times out counts as no match.</summary>
    public bool IsMatch(ReadOnlySpan<char> input)
    {
        try
        {
            return _regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The match of the whole of <paramref name="input"/>, for reading named groups; null when it does not match.</summary>
    public Match? Match(string input)
    {
        try
        {
            var match = _regex.Match(input);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
