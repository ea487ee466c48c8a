using Portico.Predicates;

namespace Portico.Tests.Predicates;

public class WildcardMatcherTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "abc", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "ac", true)]
    [InlineData("a*c", "acb", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*.png", "x.png.png", true)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b*", "xxbxxaxx", false)]
    [InlineData("abc", "ABC", false)]
    public void IsMatch_CaseSensitive(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, WildcardMatcher.IsMatch(pattern, value, ignoreCase: false));
    }

    [Fact]
    public void IsMatch_IgnoreCase_FoldsLetters()
    {
        Assert.True(WildcardMatcher.IsMatch("api-*", "API-EU", ignoreCase: true));
    }
}
