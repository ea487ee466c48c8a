using System.Text.RegularExpressions;
using Portico.Predicates;

namespace Portico.Tests.Predicates;

public class FullMatchRegexTests
{
    [Theory]
    [InlineData("ab", "ab", true)]
    [InlineData("ab", "abc", false)]
    [InlineData("ab", "xab", false)]
    [InlineData("a|b", "b", true)]
    [InlineData("a|bc", "ac", false)]
    [InlineData("(?i)abc", "ABC", true)]
    public void IsMatch_MatchesWholeInputOnly_AsJavaMatches(string pattern, string input, bool expected)
    {
        var regex = FullMatchRegex.TryCreate(pattern, RegexOptions.None, out var error);
        Assert.True(regex is not null, error);
        Assert.Equal(expected, regex.IsMatch(input));
    }

    [Fact]
    public void IsMatch_CatastrophicPatternWithoutBacktrackingFeatures_IsLinear()
    {
        var regex = FullMatchRegex.TryCreate("(a+)+b", RegexOptions.None, out _)!;
        Assert.False(regex.IsMatch(new string('a', 10_000) + "!"));
    }

    [Fact]
    public void IsMatch_BackreferencePattern_UsesBacktrackingEngine()
    {
        var regex = FullMatchRegex.TryCreate(@"(\w)\1", RegexOptions.None, out _)!;
        Assert.True(regex.IsMatch("aa"));
        Assert.False(regex.IsMatch("ab"));
    }

    [Fact]
    public void TryCreate_Invalid_ReportsParserMessage()
    {
        Assert.Null(FullMatchRegex.TryCreate("(", RegexOptions.None, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
