using Portico.Linkis.Parsing;

namespace Portico.Tests.Linkis.Parsing;

public sealed class ExecIdTests
{
    [Fact]
    public void TryDecode_CurrentFormat_FirstInstanceOfApplication()
    {
        Assert.True(ExecId.TryDecode("exec_id018013linkis-cg-entrance10.0.0.2:9104IDE_alice_0", out var target, out var error));

        Assert.Null(error);
        Assert.Equal("linkis-cg-entrance", target!.Application);
        Assert.Equal("10.0.0.2:9104", target.Instance);
    }

    [Fact]
    public void TryDecode_CurrentFormatWithBackups_OwnerIsFirst()
    {
        var execId = ExecId.Encode("linkis-cg-entrance", ["10.0.0.2:9104", "10.0.0.3:9104"], "IDE_bob_7");

        Assert.Equal("exec_id018027linkis-cg-entrance10.0.0.2:9104_10.0.0.3:9104IDE_bob_7", execId);
        Assert.True(ExecId.TryDecode(execId, out var target, out _));
        Assert.Equal("10.0.0.2:9104", target!.Instance);
    }

    [Fact]
    public void TryDecode_LegacyFormat_ApplicationAndInstance()
    {
        Assert.True(ExecId.TryDecode("031813IDElinkis-cg-entrance10.0.0.1:9104IDE_alice_0", out var target, out _));

        Assert.Equal("linkis-cg-entrance", target!.Application);
        Assert.Equal("10.0.0.1:9104", target.Instance);
    }

    [Fact]
    public void TryDecode_EmptyInstances_NoPinnedInstance()
    {
        Assert.True(ExecId.TryDecode("exec_id018000linkis-cg-entranceIDE_x", out var target, out _));

        Assert.Equal("linkis-cg-entrance", target!.Application);
        Assert.Null(target.Instance);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("exec_id")]
    [InlineData("exec_id01")]
    [InlineData("exec_idabc013linkis-cg-entrance10.0.0.2:9104x")]
    [InlineData("exec_id018013linkis-cg-entrance10.0.0.2")]
    [InlineData("exec_id000013x10.0.0.2:9104abc")]
    [InlineData("xx1813IDElinkis-cg-entrance10.0.0.1:9104")]
    [InlineData("-11813IDElinkis-cg-entrance10.0.0.1:9104")]
    [InlineData("991813IDElinkis-cg-entrance10.0.0.1:9104")]
    [InlineData("a")]
    public void TryDecode_Malformed_ExplainsWhy(string execId)
    {
        Assert.False(ExecId.TryDecode(execId, out var target, out var error));

        Assert.Null(target);
        Assert.StartsWith($"Invalid execID {execId}: ", error, StringComparison.Ordinal);
        Assert.EndsWith(".", error, StringComparison.Ordinal);
    }
}
