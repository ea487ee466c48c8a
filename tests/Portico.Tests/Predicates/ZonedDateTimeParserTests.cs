using Portico.Predicates;

namespace Portico.Tests.Predicates;

public class ZonedDateTimeParserTests
{
    [Theory]
    [InlineData("2017-01-20T17:42:47.789-07:00[America/Denver]", "2017-01-21T00:42:47.789Z")]
    [InlineData("2017-01-20T17:42:47.789-07:00", "2017-01-21T00:42:47.789Z")]
    [InlineData("2017-01-20T17:42:47Z", "2017-01-20T17:42:47Z")]
    [InlineData("2017-01-20T17:42Z", "2017-01-20T17:42:00Z")]
    [InlineData("2017-01-20T17:42:47.123456789+01:00", "2017-01-20T16:42:47.1234567Z")]
    [InlineData("2017-01-20T17:42:47+0100", "2017-01-20T16:42:47Z")]
    [InlineData("2017-01-20T17:42:47Z[UTC]", "2017-01-20T17:42:47Z")]
    [InlineData("2017-07-20T17:42:47[Europe/Paris]", "2017-07-20T15:42:47Z")]
    [InlineData("2017-01-20T17:42:47[Europe/Paris]", "2017-01-20T16:42:47Z")]
    [InlineData("1484955767789", "2017-01-20T23:42:47.789Z")]
    [InlineData("  1484955767789 ", "2017-01-20T23:42:47.789Z")]
    public void TryParse_SpringFormats_GiveTheInstant(string text, string expectedUtc)
    {
        Assert.True(ZonedDateTimeParser.TryParse(text, out var value, out _, out var problem), problem);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryParse_OffsetContradictingZone_ZoneWinsAsInJava()
    {
        // Denver is at -07:00 in January; Java keeps the local time and takes the zone's offset.
        Assert.True(ZonedDateTimeParser.TryParse("2017-01-20T17:42:47-05:00[America/Denver]", out var value, out _, out _));
        Assert.Equal(TimeSpan.FromHours(-7), value.Offset);
        Assert.Equal(17, value.Hour);
    }

    [Fact]
    public void TryParse_Display_KeepsOffsetAndZone()
    {
        Assert.True(ZonedDateTimeParser.TryParse("2017-01-20T17:42:47.789-07:00[America/Denver]", out _, out var display, out _));
        Assert.Equal("2017-01-20T17:42:47.789-07:00[America/Denver]", display);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("yesterday", "no 'T'")]
    [InlineData("2017-01-20T17:42:47", "neither a UTC offset nor a time zone")]
    [InlineData("2017-13-20T17:42:47Z", "is not a date and time")]
    [InlineData("2017-01-20T25:00:00Z", "is not a date and time")]
    [InlineData("2017-01-20T17:42:47+25:00", "offset")]
    [InlineData("2017-01-20T17:42:47+15:00", "beyond")]
    [InlineData("2017-01-20T17:42:47Z[Mars/Olympus]", "time zone 'Mars/Olympus' is unknown")]
    [InlineData("2017-01-20T17:42:47ZAmerica/Denver]", "no '['")]
    [InlineData("99999999999999999999", "out of range")]
    public void TryParse_Invalid_SaysWhy(string text, string expected)
    {
        Assert.False(ZonedDateTimeParser.TryParse(text, out _, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
