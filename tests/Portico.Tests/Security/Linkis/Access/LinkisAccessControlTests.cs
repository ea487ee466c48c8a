using System.Net;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Access;

namespace Portico.Tests.Security.Linkis.Access;

public class LinkisAccessControlTests
{
    private static LinkisAccessPolicy Policy(LinkisAccessControlConfig control) =>
        LinkisAccessPolicy.Compile(new LinkisSecurityConfig { Access = new() { AccessControl = control } }, "/");

    [Theory]
    [InlineData("::1", "0:0:0:0:0:0:0:1")]
    [InlineData("2001:db8::a:1", "2001:db8:0:0:0:0:a:1")]
    public void JavaForm_WritesEveryGroup(string address, string expected)
    {
        Assert.Equal(expected, LinkisAccessControl.JavaForm(IPAddress.Parse(address)));
    }

    [Fact]
    public void RefuseUser_SubstringOfTheList_AsInLinkis()
    {
        var policy = Policy(new() { UserEnabled = true, Users = new Dictionary<string, string> { ["alice"] = "10.0.0.12" } });

        // "10.0.0.12" contains "10.0.0.1": Linkis's substring semantics, kept for compatibility.
        Assert.Null(LinkisAccessControl.RefuseUser(policy, "alice", IPAddress.Parse("10.0.0.1")));
        Assert.NotNull(LinkisAccessControl.RefuseUser(policy, "alice", IPAddress.Parse("10.0.0.2")));
    }

    [Fact]
    public void RefuseUser_NoAddressOrNoUser()
    {
        var policy = Policy(new() { UserEnabled = true, Users = new Dictionary<string, string> { ["alice"] = "10.0.0.1" } });

        Assert.Equal(
            "Unauthorized access! User alice is prohibited from accessing from the current IP unknown. (未授权的访问！用户alice禁止在当前IPunknown访问。)",
            LinkisAccessControl.RefuseUser(policy, "alice", null));
        Assert.Null(LinkisAccessControl.RefuseUser(policy, null, IPAddress.Parse("10.0.0.9")));
    }

    [Fact]
    public void RefuseUrl_UnlistedAddressOrUnknownAddress_IsNotRestricted()
    {
        var policy = Policy(new() { Enabled = true, Ips = "10.0.0.1", Urls = "/api/a" });

        Assert.Null(LinkisAccessControl.RefuseUrl(policy, IPAddress.Parse("10.0.0.2"), "/api/b"));
        Assert.Null(LinkisAccessControl.RefuseUrl(policy, null, "/api/b"));
        Assert.Null(LinkisAccessControl.RefuseUrl(policy, IPAddress.Parse("10.0.0.1"), "/api/a"));
        Assert.Equal(
            "Unauthorized access! IP 10.0.0.1 is prohibited from accessing this URL. (未授权的访问！当前IP10.0.0.1禁止访问此URL。)",
            LinkisAccessControl.RefuseUrl(policy, IPAddress.Parse("10.0.0.1"), "/api/b"));
    }
}
