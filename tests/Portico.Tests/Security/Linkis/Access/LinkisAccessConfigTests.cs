using Microsoft.Extensions.Configuration;
using Portico.Configuration;
using Portico.Security.Linkis.Access;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.Access;

public class LinkisAccessConfigTests
{
    private static (PorticoConfig Config, List<ConfigError> Errors) Read(Dictionary<string, string?> values)
    {
        values["Portico:linkis-security:enabled"] = "true";
        values["Portico:linkis-security:crypt-key"] = "0123456789abcdef-xyz";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var errors = new List<ConfigError>();
        return (PorticoConfigReader.Read(configuration, errors, LinkisModule.ConfigSections), errors);
    }

    [Fact]
    public void Read_EverySettingBinds()
    {
        var (config, errors) = Read(new()
        {
            ["Portico:linkis-security:access:pass-auth-prefixes"] = "/dws/,/dss/",
            ["Portico:linkis-security:access:no-auth-pattern"] = "/api/public/.*",
            ["Portico:linkis-security:access:test-mode"] = "true",
            ["Portico:linkis-security:access:test-user"] = "tester",
            ["Portico:linkis-security:access:ip-whitelist:enabled"] = "true",
            ["Portico:linkis-security:access:ip-whitelist:file"] = "auth.txt",
            ["Portico:linkis-security:access:ip-whitelist:addresses:0"] = "10.0.0.0/8",
            ["Portico:linkis-security:access:referer:validate"] = "true",
            ["Portico:linkis-security:access:referer:allowed-hosts"] = "a.example.com,b.example.com",
            ["Portico:linkis-security:access:access-control:user-enabled"] = "true",
            ["Portico:linkis-security:access:access-control:users:Alice"] = "10.0.0.5,10.0.0.6",
            ["Portico:linkis-security:access:access-control:users:bob"] = "10.0.0.7",
            ["Portico:linkis-security:access:access-control:enabled"] = "true",
            ["Portico:linkis-security:access:access-control:ips"] = "10.0.0.5",
            ["Portico:linkis-security:access:access-control:urls"] = "/api/rest_j/v1/entrance/submit",
            ["Portico:linkis-security:access:cors:allowed-origins"] = "https://console.example.com",
        });

        Assert.Empty(errors);
        var access = config.LinkisSecurity.Access;
        Assert.Equal(["/dws/", "/dss/"], access.PassAuthPrefixes);
        Assert.Equal("/api/public/.*", access.NoAuthPattern);
        Assert.True(access.TestMode);
        Assert.Equal("tester", access.TestUser);
        Assert.Equal(new LinkisIpWhitelistConfig { Enabled = true, File = "auth.txt", Addresses = ["10.0.0.0/8"] }, access.IpWhitelist);
        Assert.Equal(new LinkisRefererConfig { Validate = true, AllowedHosts = ["a.example.com", "b.example.com"] }, access.Referer);
        Assert.True(access.AccessControl.UserEnabled);
        Assert.Equal("10.0.0.5,10.0.0.6", access.AccessControl.Users["Alice"]);
        Assert.Equal("10.0.0.7", access.AccessControl.Users["bob"]);
        Assert.True(access.AccessControl.Enabled);
        Assert.Equal("10.0.0.5", access.AccessControl.Ips);
        Assert.Equal("/api/rest_j/v1/entrance/submit", access.AccessControl.Urls);
        Assert.Equal(["https://console.example.com"], access.Cors.AllowedOrigins);
        Assert.Equal(["POST", "GET", "OPTIONS", "PUT", "HEAD", "DELETE"], access.Cors.AllowedMethods);
    }

    [Fact]
    public void Defaults_AreLinkiss()
    {
        var access = new LinkisAccessConfig();

        Assert.Equal(["/dws/"], access.PassAuthPrefixes);
        Assert.Equal(".*visualis.*share.*", access.NoAuthPattern);
        Assert.False(access.TestMode);
        Assert.False(access.IpWhitelist.Enabled);
        Assert.False(access.Referer.Validate);
        Assert.Equal(["*"], access.Cors.AllowedOrigins);
        Assert.Equal(["authorization", "Content-Type"], access.Cors.AllowedHeaders);
        Assert.Equal(new LinkisAccessConfig(), new LinkisAccessConfig());
        Assert.NotEqual(new LinkisAccessConfig(), new LinkisAccessConfig { Cors = new() });
        Assert.NotEqual(
            new LinkisAccessConfig(),
            new LinkisAccessConfig { AccessControl = new() { Users = new Dictionary<string, string> { ["a"] = "1" } } });
    }

    [Fact]
    public void Read_UsersNotAMap_IsAnError()
    {
        var (_, errors) = Read(new() { ["Portico:linkis-security:access:access-control:users"] = "alice" });

        var error = Assert.Single(errors);
        Assert.Equal("linkis-security.access.access-control.users", error.Field);
    }

    [Theory]
    [InlineData("pass-auth-prefixes:1", "dss/", "linkis-security.access.pass-auth-prefixes[1]")]
    [InlineData("no-auth-pattern", "(unclosed", "linkis-security.access.no-auth-pattern")]
    [InlineData("test-mode", "true", "linkis-security.access.test-user")]
    public void Validate_InvalidValue_NamesTheField(string key, string value, string field)
    {
        var values = new Dictionary<string, string?> { ["Portico:linkis-security:access:" + key] = value };
        if (key.StartsWith("pass-auth", StringComparison.Ordinal))
        {
            values["Portico:linkis-security:access:pass-auth-prefixes:0"] = "/dws/";
        }

        var (_, errors) = Read(values);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrEmpty(error.Fix));
    }

    [Fact]
    public void Validate_WhitelistWithoutFileOrAddresses_IsAnError()
    {
        var (_, errors) = Read(new() { ["Portico:linkis-security:access:ip-whitelist:enabled"] = "true" });

        var error = Assert.Single(errors);
        Assert.Equal("linkis-security.access.ip-whitelist", error.Field);
        Assert.Contains("every client would be refused", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhitelistBadAddress_NamesTheEntry()
    {
        var (_, errors) = Read(new()
        {
            ["Portico:linkis-security:access:ip-whitelist:enabled"] = "true",
            ["Portico:linkis-security:access:ip-whitelist:addresses:0"] = "10.0.0.0/8",
            ["Portico:linkis-security:access:ip-whitelist:addresses:1"] = "10.0.0.0/40",
        });

        var error = Assert.Single(errors);
        Assert.Equal("linkis-security.access.ip-whitelist.addresses[1]", error.Field);
        Assert.Equal("'10.0.0.0/40' has an invalid prefix length; it must be a number from 0 to 32.", error.Problem);
    }

    [Fact]
    public void Validate_SecurityOff_ChecksNothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portico:linkis-security:access:no-auth-pattern"] = "(unclosed",
        }).Build();
        var errors = new List<ConfigError>();

        PorticoConfigReader.Read(configuration, errors, LinkisModule.ConfigSections);

        Assert.Empty(errors);
    }
}
