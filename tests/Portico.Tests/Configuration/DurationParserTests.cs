using Portico.Configuration;

namespace Portico.Tests.Configuration;

public class DurationParserTests
{
    [Theory]
    [InlineData("500", 500)]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("PT5S", 5_000)]
    [InlineData("00:00:02", 2_000)]
    [InlineData("1.5s", 1_500)]
    public void TryParse_SpringAndLinkisFormats(string text, double expectedMs)
    {
        Assert.True(DurationParser.TryParse(text, out var d));
        Assert.Equal(expectedMs, d.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("-5s")]
    [InlineData("5w")]
    public void TryParse_Garbage_Fails(string text) => Assert.False(DurationParser.TryParse(text, out _));
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-5s")]
    [InlineData("infinite")]
    [InlineData(" INFINITE ")]
    public void TryParseLimit_SwitchedOffExplicitly_IsNoLimit(string text)
    {
        Assert.True(DurationParser.TryParseLimit(text, out var limit));
        Assert.Null(limit);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    [InlineData("-")]
    [InlineData("-x")]
    [InlineData("never")]
    public void TryParseLimit_NotAValue_Fails(string? text) => Assert.False(DurationParser.TryParseLimit(text, out _));

    [Fact]
    public void TryParseLimit_PositiveDuration_IsTheLimit()
    {
        Assert.True(DurationParser.TryParseLimit("2s", out var limit));
        Assert.Equal(TimeSpan.FromSeconds(2), limit);
    }
}
