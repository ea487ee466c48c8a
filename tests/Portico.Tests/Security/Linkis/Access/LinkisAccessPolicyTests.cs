using Portico.Security.Linkis;
using Portico.Security.Linkis.Access;

namespace Portico.Tests.Security.Linkis.Access;

public class LinkisAccessPolicyTests
{
    private static LinkisAccessPolicy Compile(LinkisAccessConfig access) =>
        LinkisAccessPolicy.Compile(new LinkisSecurityConfig { Access = access }, "/srv/portico", () => "gw-host");

    [Theory]
    [InlineData("/dws/x", true)]
    [InlineData("/dws", false)]
    [InlineData("/api/rest_j/v1/dss/a", true)]
    [InlineData("/api/rest_j/v1/x", false)]
    public void IsPassAuth_PrefixesIgnoringEmptyOnes(string path, bool expected)
    {
        var policy = Compile(new() { PassAuthPrefixes = ["/dws/", "", "/api/rest_j/v1/dss/"] });

        Assert.Equal(expected, policy.IsPassAuth(path));
    }

    [Fact]
    public void IsPassAuth_OnlyEmptyPrefixes_NothingPasses()
    {
        Assert.False(Compile(new() { PassAuthPrefixes = [""] }).IsPassAuth("/api/x"));
    }

    [Theory]
    [InlineData(".*visualis.*share.*", "/api/rest_j/v1/visualis/share/1", true)]
    [InlineData(".*visualis.*share.*", "/api/rest_j/v1/visualis/x", false)]
    [InlineData("/api/a|/api/b", "/api/b", true)]
    [InlineData("/api/a|/api/b", "/api/bc", false)]
    [InlineData("/api/a", "/api/a/b", false)]
    [InlineData("", "/api/a", false)]
    [InlineData("(unclosed", "/api/a", false)]
    public void IsNoAuth_WholePathMatch(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, Compile(new() { NoAuthPattern = pattern }).IsNoAuth(path, out var timedOut));
        Assert.False(timedOut);
    }

    [Fact]
    public void IsNoAuth_CatastrophicPattern_TimesOutAsNoMatch()
    {
        var policy = Compile(new() { NoAuthPattern = "/(a+)+" });

        Assert.False(policy.IsNoAuth("/" + new string('a', 40) + "!", out var timedOut));
        Assert.True(timedOut);
    }

    [Fact]
    public void Compile_RefererHosts_DefaultToTheMachineName()
    {
        Assert.Equal(["gw-host"], Compile(new() { Referer = new() { Validate = true } }).RefererHosts);
        Assert.Equal(["a", "b"], Compile(new() { Referer = new() { Validate = true, AllowedHosts = [" a ", "", "b"] } }).RefererHosts);
        Assert.Empty(Compile(new() { Referer = new() { AllowedHosts = ["a"] } }).RefererHosts);
    }

    [Fact]
    public void Compile_WhitelistFile_IsMadeAbsoluteFromTheContentRoot()
    {
        var policy = Compile(new() { IpWhitelist = new() { Enabled = true, File = "conf/auth.txt" } });

        Assert.Equal(Path.GetFullPath("conf/auth.txt", "/srv/portico"), policy.WhitelistFile);
        Assert.Null(Compile(new() { IpWhitelist = new() { File = "auth.txt" } }).WhitelistFile);
    }

    [Fact]
    public void Compile_TestUser_OnlyInTestMode()
    {
        Assert.Equal("tester", Compile(new() { TestMode = true, TestUser = " tester " }).TestUser);
        Assert.Null(Compile(new() { TestUser = "tester" }).TestUser);
    }

    [Fact]
    public void Compile_AccessControl_OffOrIncompleteListsAreIgnored()
    {
        var users = new Dictionary<string, string> { ["alice"] = "10.0.0.1", ["bob"] = "" };
        Assert.Equal("alice", Assert.Single(Compile(new() { AccessControl = new() { UserEnabled = true, Users = users } }).UserAddresses).Key);
        Assert.Empty(Compile(new() { AccessControl = new() { Users = users } }).UserAddresses);
        Assert.Null(Compile(new() { AccessControl = new() { Enabled = true, Ips = "10.0.0.1" } }).UrlControlAddresses);
        Assert.Equal("10.0.0.1", Compile(new() { AccessControl = new() { Enabled = true, Ips = "10.0.0.1", Urls = "/api/x" } }).UrlControlAddresses);
    }
}
