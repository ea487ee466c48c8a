using Microsoft.Extensions.Configuration;
using Portico.Configuration;
using Portico.Security.Linkis;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis;

public class LinkisSecurityConfigValidatorTests
{
    private static (PorticoConfig Config, List<ConfigError> Errors) Read(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var errors = new List<ConfigError>();
        return (PorticoConfigReader.Read(configuration, errors, LinkisModule.ConfigSections), errors);
    }

    [Fact]
    public void Read_KebabCaseKeys_BindEveryNestedSetting()
    {
        var (config, errors) = Read(new()
        {
            ["Portico:data-directory"] = "/var/lib/portico",
            ["Portico:linkis-security:enabled"] = "true",
            ["Portico:linkis-security:crypt-key"] = "0123456789abcdef-xyz",
            ["Portico:linkis-security:session-timeout"] = "1h",
            ["Portico:linkis-security:session-persistence"] = "memory",
            ["Portico:linkis-security:admin-password"] = "pw",
            ["Portico:linkis-security:cookie:secure"] = "true",
            ["Portico:linkis-security:cookie:same-site"] = "Strict",
            ["Portico:linkis-security:cookie:domain-setup"] = "true",
            ["Portico:linkis-security:ldap:url"] = "ldaps://dir.example.com",
            ["Portico:linkis-security:ldap:user-name-format"] = "uid=%s,dc=example",
            ["Portico:linkis-security:login-throttle:max-failures-per-user"] = "7",
            ["Portico:linkis-security:proxy-user:enabled"] = "true",
            ["Portico:linkis-security:system-user-prefixes"] = "hdfs, yarn",
        });

        Assert.Empty(errors);
        Assert.Equal("/var/lib/portico", config.DataDirectory);
        var s = config.LinkisSecurity;
        Assert.True(s.Enabled);
        Assert.Equal(TimeSpan.FromHours(1), s.SessionTimeout);
        Assert.Equal(SessionPersistenceMode.Memory, s.SessionPersistence);
        Assert.True(s.Cookie.Secure);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Strict, s.Cookie.SameSite);
        Assert.True(s.Cookie.DomainSetup);
        Assert.Equal("ldaps://dir.example.com", s.Ldap.Url);
        Assert.Equal("uid=%s,dc=example", s.Ldap.UserNameFormat);
        Assert.Equal(7, s.LoginThrottle.MaxFailuresPerUser);
        Assert.True(s.ProxyUser.Enabled);
        Assert.Equal(["hdfs", "yarn"], s.SystemUserPrefixes);
    }

    [Fact]
    public void Read_Disabled_WithoutKey_IsValid()
    {
        var (config, errors) = Read(new() { ["Portico:linkis-security:session-timeout"] = "2h" });

        Assert.Empty(errors);
        Assert.False(config.LinkisSecurity.Enabled);
    }

    [Fact]
    public void Read_EnabledWithBadValues_ReportsEveryProblem()
    {
        var (_, errors) = Read(new()
        {
            ["Portico:linkis-security:enabled"] = "true",
            ["Portico:linkis-security:crypt-key"] = "short",
            ["Portico:linkis-security:session-timeout"] = "0s",
            ["Portico:linkis-security:cookie:name"] = "bad name;",
            ["Portico:linkis-security:cookie:same-site"] = "None",
            ["Portico:linkis-security:cookie:domain-level"] = "0",
            ["Portico:linkis-security:ldap:url"] = "http://dir",
        });

        Assert.Equal(
            ["linkis-security.crypt-key", "linkis-security.session-timeout", "linkis-security.cookie.name", "linkis-security.cookie.domain-level", "linkis-security.cookie.same-site", "linkis-security.ldap.url"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        var text = new LinkisSecurityConfig { CryptKey = "super-secret-crypt-key", AdminPassword = "admin-secret" }.ToString();

        Assert.DoesNotContain("super-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-secret", text, StringComparison.Ordinal);
        Assert.Contains("CryptKey = ***", text, StringComparison.Ordinal);
    }
}
