using Portico.Security.Linkis.ProxyUsers;

namespace Portico.Tests.Security.Linkis.ProxyUsers;

public class JavaPropertiesTests
{
    [Fact]
    public void Parse_SeparatorsCommentsAndWhitespace_FollowJavaRules()
    {
        var p = JavaProperties.Parse("# comment\n! also comment\n  a=1\nb : 2\nc 3\nd\n\ne=x=y\r\n");

        Assert.Equal("1", p["a"]);
        Assert.Equal("2", p["b"]);
        Assert.Equal("3", p["c"]);
        Assert.Equal("", p["d"]);
        Assert.Equal("x=y", p["e"]);
        Assert.Equal(5, p.Count);
    }

    [Fact]
    public void Parse_ContinuationsAndEscapes_AreDecoded()
    {
        var p = JavaProperties.Parse("list=a,\\\n    b,\\\n    c\nkey\\ with\\=odd=v\\u00e9\\t!\nend=\\\\\n");

        Assert.Equal("a,b,c", p["list"]);
        Assert.Equal("v\u00e9\t!", p["key with=odd"]);
        Assert.Equal("\\", p["end"]);
    }

    [Fact]
    public void Parse_DuplicateKey_LastWins()
    {
        Assert.Equal("2", JavaProperties.Parse("a=1\na=2")["a"]);
    }

    [Fact]
    public void Parse_MalformedUnicodeEscape_RejectsTheFileNamingTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => JavaProperties.Parse("a=1\nb=\\u12G4\n"));

        Assert.StartsWith("line 2:", ex.Message, StringComparison.Ordinal);
    }
}
