using Portico.Health;

namespace Portico.Tests.Health;

public class StatusCodeRangesTests
{
    [Theory]
    [InlineData("200-399", 200, true)]
    [InlineData("200-399", 399, true)]
    [InlineData("200-399", 400, false)]
    [InlineData("200-399", 199, false)]
    [InlineData("200, 204, 300-308", 204, true)]
    [InlineData("200, 204, 300-308", 201, false)]
    [InlineData("200, 204, 300-308", 307, true)]
    public void Contains_MatchesCodesAndRanges(string text, int status, bool expected)
    {
        Assert.True(StatusCodeRanges.TryParse(text, out var ranges, out _));
        Assert.Equal(expected, ranges.Contains(status));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ok")]
    [InlineData("399-200")]
    [InlineData("200-")]
    [InlineData("99")]
    [InlineData("200-600")]
    public void TryParse_Invalid_NamesThePart(string text)
    {
        Assert.False(StatusCodeRanges.TryParse(text, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void ParseOrDefault_Invalid_Is200To399()
    {
        var ranges = StatusCodeRanges.ParseOrDefault("nonsense");
        Assert.True(ranges.Contains(302));
        Assert.False(ranges.Contains(500));
    }
}
