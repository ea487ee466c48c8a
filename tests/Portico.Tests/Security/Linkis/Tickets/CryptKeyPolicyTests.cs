using Portico.Configuration;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Tickets;

namespace Portico.Tests.Security.Linkis.Tickets;

public class CryptKeyPolicyTests
{
    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("short-key", "has 9 characters")]
    [InlineData("bdp-for-server", "old public default")]
    public void Resolve_WeakKey_ReportsErrorNamingTheFix(string? key, string problem)
    {
        var errors = new List<ConfigError>();

        var resolved = CryptKeyPolicy.Resolve(new LinkisSecurityConfig { CryptKey = key }, errors, out _);

        Assert.Null(resolved);
        var error = Assert.Single(errors);
        Assert.Equal("linkis-security.crypt-key", error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Contains("allow-insecure-crypt-key", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SixteenCharacters_IsAccepted()
    {
        var errors = new List<ConfigError>();

        Assert.Equal("0123456789abcdef", CryptKeyPolicy.Resolve(new LinkisSecurityConfig { CryptKey = "0123456789abcdef" }, errors, out var insecure));
        Assert.Empty(errors);
        Assert.False(insecure);
    }

    [Fact]
    public void Resolve_AllowInsecureWithoutKey_FallsBackToLinkisDefault()
    {
        var errors = new List<ConfigError>();

        var key = CryptKeyPolicy.Resolve(new LinkisSecurityConfig { AllowInsecureCryptKey = true }, errors, out var insecure);

        Assert.Equal("bdp-for-server", key);
        Assert.True(insecure);
        Assert.Empty(errors);
    }

    [Fact]
    public void CreateCipher_MissingKey_ThrowsConfigException()
    {
        var settings = new TestSecuritySettings(new LinkisSecurityConfig { Enabled = true });

        var ex = Assert.Throws<PorticoConfigException>(() => LinkisSecurityRegistration.CreateCipher(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Contains("linkis-security.crypt-key", ex.Message, StringComparison.Ordinal);
    }
}
