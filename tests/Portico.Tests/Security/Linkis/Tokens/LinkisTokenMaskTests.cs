using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class LinkisTokenMaskTests
{
    [Theory]
    [InlineData("LINKIS-AUTH", "LINK***")]
    [InlineData("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE", "AQEB***")]
    [InlineData("12345678", "1234***")]
    [InlineData("1234567", "123***")]
    [InlineData("abcd", "ab***")]
    [InlineData("a", "***")]
    [InlineData("", "***")]
    [InlineData(null, "null")]
    public void Mask_ShowsAtMostFourCharactersAndNeverMostOfTheToken(string? token, string expected) =>
        Assert.Equal(expected, LinkisTokenMask.Mask(token));

    [Theory]
    [InlineData("LINK***", true)]
    [InlineData("LINKIS-AUTH", false)]
    [InlineData("**", false)]
    public void LooksMasked_RecognisesTheSuffix(string text, bool expected) =>
        Assert.Equal(expected, LinkisTokenMask.LooksMasked(text));
}
