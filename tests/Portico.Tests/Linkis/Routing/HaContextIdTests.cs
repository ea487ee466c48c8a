using Portico.Linkis.Routing;

namespace Portico.Tests.Linkis.Routing;

public sealed class HaContextIdTests
{
    [Fact]
    public void TryParse_LinkisExample_MainAndBackupAliases()
    {
        Assert.True(HaContextId.TryParse("24-24--YmRwaGRwMTFpZGUwMTo5MTE0YmRwaGRwMTFpZGUwMTo5MTE084855", out var aliases, out var id));

        Assert.Equal(["YmRwaGRwMTFpZGUwMTo5MTE0", "YmRwaGRwMTFpZGUwMTo5MTE0"], aliases);
        Assert.Equal("84855", id);
    }

    [Fact]
    public void TryParse_ShortAliases_Split()
    {
        Assert.True(HaContextId.TryParse("8-8--cs_1_devcs_2_dev10069", out var aliases, out var id));

        Assert.Equal(["cs_1_dev", "cs_2_dev"], aliases);
        Assert.Equal("10069", id);
    }

    [Fact]
    public void TryParse_ThreeAliases_AllReturned()
    {
        Assert.True(HaContextId.TryParse("1-2-3--abbccc7", out var aliases, out _));

        Assert.Equal(["a", "bb", "ccc"], aliases);
    }

    [Theory]
    [InlineData("24--24--YmRwaGRwMTFpZGUwMTo5MTE2YmRwaGRwMTFpZGUwMTo5MTE084835")]
    [InlineData("8--cs_1_dev123")]
    [InlineData("8-8--cs_1_devcs_2_dev")]
    [InlineData("8-8--cs_1_devcs_2_devx1")]
    [InlineData("8-x--cs_1_devcs_2_dev1")]
    [InlineData("8-8cs_1_devcs_2_dev1")]
    [InlineData("--cs_1_devcs_2_dev1")]
    [InlineData("99999999999-1--ab1")]
    [InlineData("12345")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAnHaId_False(string? text) => Assert.False(HaContextId.TryParse(text, out _, out _));
}
