using Portico.Configuration;

namespace Portico.Tests.Configuration;

public class ComponentConfigTests
{
    [Fact]
    public void Parse_Shortcut_SplitsNameAndTrimmedArgs()
    {
        var c = ComponentConfig.Parse(@"Header=X-Request-Id, \d+");
        Assert.Equal("Header", c.Name);
        Assert.Equal(["X-Request-Id", @"\d+"], c.ShortcutArgs);
    }

    [Fact]
    public void Parse_BareName_HasNoArgs()
    {
        var c = ComponentConfig.Parse("PreserveHostHeader");
        Assert.Equal("PreserveHostHeader", c.Name);
        Assert.Empty(c.ShortcutArgs);
        Assert.Empty(c.Args);
    }

    [Fact]
    public void Equals_SameContent_AreEqual()
    {
        Assert.Equal(ComponentConfig.Parse("Path=/a/**,/b/**"), ComponentConfig.Parse("Path=/a/**, /b/**"));
        Assert.NotEqual(ComponentConfig.Parse("Path=/a/**"), ComponentConfig.Parse("Path=/b/**"));
    }

    [Fact]
    public void ToString_Shortcut_RoundTrips()
    {
        Assert.Equal("StripPrefix=1", ComponentConfig.Parse("StripPrefix=1").ToString());
    }
}
