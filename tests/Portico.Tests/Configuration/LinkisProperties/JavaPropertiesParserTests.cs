using System.Text;
using Portico.Configuration.LinkisProperties;

namespace Portico.Tests.Configuration.LinkisProperties;

public class JavaPropertiesParserTests
{
    private static Dictionary<string, string> Values(string text)
    {
        var parsed = JavaPropertiesParser.Parse(text);
        Assert.Empty(parsed.Errors);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in parsed.Entries)
        {
            values[entry.Key] = entry.Value;
        }

        return values;
    }

    [Fact]
    public void Parse_ThreeSeparators_AllSplitKeyFromValue()
    {
        var values = Values("a=1\nb:2\nc 3\nd\t4\ne\f5\n");
        Assert.Equal("1", values["a"]);
        Assert.Equal("2", values["b"]);
        Assert.Equal("3", values["c"]);
        Assert.Equal("4", values["d"]);
        Assert.Equal("5", values["e"]);
    }

    [Fact]
    public void Parse_WhitespaceAroundSeparator_IsDroppedButTrailingWhitespaceKept()
    {
        var values = Values("  key   =   value with spaces  \n");
        Assert.Equal("value with spaces  ", values["key"]);
    }

    [Fact]
    public void Parse_WhitespaceThenSeparator_CountsAsOneSeparator()
    {
        // Java: after a whitespace separator, one = or : is still skipped; a second one is part of the value.
        var values = Values("a = b\nc : d\ne == f\ng :: h\n");
        Assert.Equal("b", values["a"]);
        Assert.Equal("d", values["c"]);
        Assert.Equal("= f", values["e"]);
        Assert.Equal(": h", values["g"]);
    }

    [Fact]
    public void Parse_ValueContainingSeparators_KeepsThem()
    {
        var values = Values("url=http://host:9001/a=b\n");
        Assert.Equal("http://host:9001/a=b", values["url"]);
    }

    [Fact]
    public void Parse_KeyWithoutValue_HasEmptyValue()
    {
        var values = Values("alone\nalso=\nspaced   \n");
        Assert.Equal("", values["alone"]);
        Assert.Equal("", values["also"]);
        Assert.Equal("", values["spaced"]);
    }

    [Fact]
    public void Parse_HashAndBangComments_AreSkipped()
    {
        var parsed = JavaPropertiesParser.Parse("# comment=1\n! also=2\n   # indented=3\nreal=4 # not a comment\n");
        var entry = Assert.Single(parsed.Entries);
        Assert.Equal("real", entry.Key);
        Assert.Equal("4 # not a comment", entry.Value);
        Assert.Equal(4, entry.Line);
    }

    [Fact]
    public void Parse_CommentEndingInBackslash_DoesNotContinue()
    {
        var values = Values("# comment \\\nkey=value\n");
        Assert.Equal("value", Assert.Single(values).Value);
    }

    [Fact]
    public void Parse_Continuation_JoinsLinesAndDropsLeadingWhitespace()
    {
        var parsed = JavaPropertiesParser.Parse("\n\nlist=a,\\\n     b,\\\n\t  c\nnext=1\n");
        Assert.Empty(parsed.Errors);
        Assert.Equal(new PropertyEntry("list", "a,b,c", 3), parsed.Entries[0]);
        Assert.Equal(new PropertyEntry("next", "1", 6), parsed.Entries[1]);
    }

    [Fact]
    public void Parse_ContinuedLineStartingWithHash_IsPartOfTheValue()
    {
        var values = Values("key=a\\\n#b\n");
        Assert.Equal("a#b", values["key"]);
    }

    [Fact]
    public void Parse_EvenBackslashesAtEnd_AreAnEscapedBackslashNotAContinuation()
    {
        var values = Values("path=C:\\\\dir\\\\\nnext=1\n");
        Assert.Equal("C:\\dir\\", values["path"]);
        Assert.Equal("1", values["next"]);
    }

    [Fact]
    public void Parse_ContinuationIntoBlankLine_EndsTheValue()
    {
        var values = Values("a=1\\\n\nb=2\n");
        Assert.Equal("1", values["a"]);
        Assert.Equal("2", values["b"]);
    }

    [Fact]
    public void Parse_ContinuationAtEndOfText_DropsTheBackslash()
    {
        var values = Values("a=1\\");
        Assert.Equal("1", values["a"]);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Parse_AnyLineEnding_SeparatesLinesAndCountsThem(string newline)
    {
        var parsed = JavaPropertiesParser.Parse($"a=1{newline}#c{newline}b=2\\{newline}  3{newline}c=4");
        Assert.Empty(parsed.Errors);
        Assert.Equal(
            [new PropertyEntry("a", "1", 1), new PropertyEntry("b", "23", 3), new PropertyEntry("c", "4", 5)],
            parsed.Entries);
    }

    [Fact]
    public void Parse_Escapes_AreDecoded()
    {
        var values = Values("v=tab\\there\\nnew\\rret\\fff\\u0041\\u4e2d\\q\\\\ \\#\n");
        Assert.Equal("tab\there\nnew\rret\fffA\u4e2dq\\ #", values["v"]);
    }

    [Fact]
    public void Parse_EscapedSeparatorsInKey_BelongToTheKey()
    {
        var values = Values("a\\=b\\:c\\ d=value\n");
        Assert.Equal("value", values["a=b:c d"]);
    }

    [Fact]
    public void Parse_EscapedLeadingSpaceInValue_IsKept()
    {
        var values = Values("v=\\  two\n");
        Assert.Equal("  two", values["v"]);
    }

    [Fact]
    public void Parse_DuplicateKeys_AreAllReportedInOrder()
    {
        var parsed = JavaPropertiesParser.Parse("k=1\nk=2\n");
        Assert.Equal(["1", "2"], parsed.Entries.Select(e => e.Value));
    }

    [Theory]
    [InlineData("v=\\u12G4", "'\\u12G4'")]
    [InlineData("v=\\u12", "'\\u12'")]
    [InlineData("v=abc\\u", "'\\u'")]
    public void Parse_MalformedUnicodeEscape_IsReportedWithLineAndSkipped(string line, string shown)
    {
        var parsed = JavaPropertiesParser.Parse($"ok=1\n\n{line}\nafter=2\n");
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("the value of 'v'", error.Problem, StringComparison.Ordinal);
        Assert.Contains(shown, error.Problem, StringComparison.Ordinal);
        Assert.Equal(["ok", "after"], parsed.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Parse_MalformedEscapeInKey_IsReported()
    {
        var parsed = JavaPropertiesParser.Parse("bad\\uZZZZkey=1\n");
        Assert.StartsWith("the key has a malformed", Assert.Single(parsed.Errors).Problem, StringComparison.Ordinal);
        Assert.Empty(parsed.Entries);
    }

    [Fact]
    public void Decode_ValidUtf8_IsReadAsUtf8AndBomDropped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("# 网关配置\nname=é\n")).ToArray();
        var text = JavaPropertiesParser.Decode(bytes);
        Assert.Equal("# 网关配置\nname=é\n", text);
    }

    [Fact]
    public void Decode_InvalidUtf8_FallsBackToIso88591()
    {
        var bytes = Encoding.Latin1.GetBytes("name=caf\u00e9\n");
        Assert.Equal("name=café\n", JavaPropertiesParser.Decode(bytes));
    }
}
