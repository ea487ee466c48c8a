using Portico.Configuration.LinkisProperties;

namespace Portico.Tests.Configuration.LinkisProperties;

public class LinkisValueConverterTests
{
    private const string ConfDirectory = "/etc/linkis/conf";

    private static string? Convert(LinkisPropertyRule rule, string raw)
    {
        Assert.True(LinkisValueConverter.TryConvert(rule, raw, ConfDirectory, out var value, out var problem, out _), problem);
        return value;
    }

    private static (string Problem, string Fix) Refuse(LinkisPropertyRule rule, string raw)
    {
        Assert.False(LinkisValueConverter.TryConvert(rule, raw, ConfDirectory, out _, out var problem, out var fix));
        return (problem, fix);
    }

    [Theory]
    [InlineData("2h", 7_200_000d)]
    [InlineData("30s", 30_000d)]
    [InlineData("500ms", 500d)]
    [InlineData("1800000", 1_800_000d)]
    [InlineData("15min", 900_000d)]
    [InlineData("15m", 900_000d)]
    [InlineData("1d", 86_400_000d)]
    [InlineData("1500us", 1.5d)]
    [InlineData(" 2H ", 7_200_000d)]
    public void Duration_LinkisTimeValues_BecomeMilliseconds(string raw, double milliseconds)
    {
        var value = Convert(new LinkisPropertyRule("k", LinkisValueKind.Duration, "Portico:x"), raw);
        Assert.Equal(milliseconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "ms", value);
        Assert.True(Portico.Configuration.DurationParser.TryParse(value, out var parsed));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), parsed);
    }

    [Fact]
    public void Duration_PlainNumber_CountsTheRulesUnit()
    {
        var rule = new LinkisPropertyRule("k", LinkisValueKind.Duration, "Portico:x") { PlainUnit = TimeSpan.FromSeconds(1) };
        Assert.Equal("10000ms", Convert(rule, "10"));
    }

    [Theory]
    [InlineData("2 hours")]
    [InlineData("1.5h")]
    [InlineData("-5s")]
    [InlineData("5w")]
    [InlineData("h")]
    [InlineData("PT30S")]
    public void Duration_NotALinkisTimeValue_IsRefused(string raw)
    {
        var (problem, fix) = Refuse(new LinkisPropertyRule("k", LinkisValueKind.Duration, "Portico:x"), raw);
        Assert.Equal($"'{raw}' is not a time value.", problem);
        Assert.Contains("such as 2h or 30s; a plain number counts milliseconds", fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("134217728", 134_217_728L)]
    [InlineData("128m", 134_217_728L)]
    [InlineData("128MB", 134_217_728L)]
    [InlineData("64k", 65_536L)]
    [InlineData("1g", 1_073_741_824L)]
    [InlineData("10b", 10L)]
    public void Size_LinkisByteValues_BecomeBytes(string raw, long bytes)
    {
        Assert.Equal(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert(new LinkisPropertyRule("k", LinkisValueKind.Size, "Portico:x"), raw));
    }

    [Theory]
    [InlineData("1.5m")]
    [InlineData("big")]
    [InlineData("99999999999p")]
    [InlineData("-1")]
    public void Size_NotASize_IsRefused(string raw)
    {
        Assert.Equal($"'{raw}' is not a size.", Refuse(new LinkisPropertyRule("k", LinkisValueKind.Size, "Portico:x"), raw).Problem);
    }

    [Fact]
    public void Size_OutOfTheRulesRange_NamesTheRange()
    {
        var rule = new LinkisPropertyRule("k", LinkisValueKind.Size, "Portico:x") { Min = 1, Max = int.MaxValue };
        var (problem, fix) = Refuse(rule, "4g");
        Assert.Equal("4294967296 bytes is out of range.", problem);
        Assert.Equal("Write a size between 1 and 2147483647 bytes, such as 1m.", fix);
        Assert.Equal("0 bytes is out of range.", Refuse(rule, "0").Problem);
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("TRUE", "true")]
    [InlineData(" False ", "false")]
    public void Bool_AnyCase_IsAccepted(string raw, string expected)
    {
        Assert.Equal(expected, Convert(new LinkisPropertyRule("k", LinkisValueKind.Bool, "Portico:x"), raw));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    public void Bool_NotTrueOrFalse_IsRefused(string raw)
    {
        var (problem, fix) = Refuse(new LinkisPropertyRule("k", LinkisValueKind.Bool, "Portico:x"), raw);
        Assert.Equal($"'{raw}' is not a boolean.", problem);
        Assert.Equal("Write true or false.", fix);
    }

    [Fact]
    public void Integer_OutOfBounds_NamesTheRange()
    {
        var rule = new LinkisPropertyRule("k", LinkisValueKind.Integer, "Portico:x") { Min = 1, Max = 127 };
        Assert.Equal("3", Convert(rule, " 3 "));
        var (problem, fix) = Refuse(rule, "0");
        Assert.Equal("0 is out of range.", problem);
        Assert.Equal("Write a whole number from 1 to 127.", fix);
        Assert.Equal("'three' is not a whole number.", Refuse(rule, "three").Problem);
    }

    [Fact]
    public void ListenPort_BecomesAListenUrlOnEveryInterface()
    {
        var rule = new LinkisPropertyRule("spring.server.port", LinkisValueKind.ListenPort, "urls") { Min = 1, Max = 65535 };
        Assert.Equal("http://*:9001", Convert(rule, "9001"));
        Assert.Equal("70000 is out of range.", Refuse(rule, "70000").Problem);
    }

    [Fact]
    public void List_ItemsAreTrimmedAndEmptyOnesDropped()
    {
        Assert.Equal("POST,GET,OPTIONS", Convert(new LinkisPropertyRule("k", LinkisValueKind.List, "Portico:x"), " POST, GET,, OPTIONS ,"));
    }

    [Fact]
    public void TextIsTrimmedButSecretKeptExactly()
    {
        Assert.Equal("linkis-cg-entrance", Convert(new LinkisPropertyRule("k", LinkisValueKind.Text, "Portico:x"), " linkis-cg-entrance "));
        Assert.Equal(" s3cret ", Convert(new LinkisPropertyRule("k", LinkisValueKind.Secret, "Portico:x"), " s3cret "));
    }

    [Fact]
    public void ConfFile_RelativePath_IsTakenFromTheConfDirectory()
    {
        var rule = new LinkisPropertyRule("k", LinkisValueKind.ConfFile, "Portico:x");
        Assert.Equal(Path.GetFullPath("/etc/linkis/conf/proxy.properties"), Convert(rule, "proxy.properties"));
        Assert.Equal(Path.GetFullPath("/srv/auth.txt"), Convert(rule, "/srv/auth.txt"));
    }

    [Fact]
    public void Required_SupportedValueSetsNothingAndOtherValueIsRefusedWithTheReason()
    {
        var rule = new LinkisPropertyRule("linkis.ticket.cipher.v2.enabled", LinkisValueKind.Required, null) { RequiredValue = "true", Reason = "Only v2." };
        Assert.True(LinkisValueConverter.TryConvert(rule, "TRUE", ConfDirectory, out var value, out _, out _));
        Assert.Null(value);
        var (problem, fix) = Refuse(rule, "false");
        Assert.Equal("'false' is not supported.", problem);
        Assert.Equal("Only v2.", fix);
    }
}
