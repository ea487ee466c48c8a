using Microsoft.AspNetCore.Http;
using Portico.Security.Linkis;

namespace Portico.Tests.Security.Linkis;

public class LinkisCookiesTests
{
    [Theory]
    [InlineData("a.www.linkis.com", ".www.linkis.com")]
    [InlineData("www.linkis.com", "www.linkis.com")]
    [InlineData("x.y.a.www.linkis.com", ".www.linkis.com")]
    [InlineData("gateway:9001", "gateway")]
    [InlineData("gw.example.com:9001", "gw.example.com")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("my-gw.a.b.c", "my-gw.a.b.c")]
    [InlineData("[::1]:9001", "[::1]:9001")]
    public void DomainFor_LinkisRules(string host, string expected)
    {
        Assert.Equal(expected, LinkisCookies.DomainFor(host, 3));
    }

    [Fact]
    public void DomainFor_ForgedHostWithAttributes_GivesNoDomain()
    {
        Assert.Null(LinkisCookies.DomainFor("evil.com; HttpOnly", 3));
    }

    [Fact]
    public void Set_Defaults_IsLinkisSessionCookieWithRawBase64()
    {
        var cookie = LinkisCookies.Set(new LinkisCookieConfig(), "linkis_user_session_ticket_id_v1", "Ab+/cd==", "a.www.linkis.com");

        Assert.Equal("linkis_user_session_ticket_id_v1=Ab+/cd==; Path=/", cookie);
    }

    [Fact]
    public void Set_AllAttributes_AreWritten()
    {
        var config = new LinkisCookieConfig { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, DomainSetup = true };

        var cookie = LinkisCookies.Set(config, "n", "v", "a.www.linkis.com");

        Assert.Equal("n=v; Path=/; Domain=.www.linkis.com; Secure; HttpOnly; SameSite=Strict", cookie);
    }

    [Fact]
    public void Set_FixedDomain_OverridesDerivedOne()
    {
        var config = new LinkisCookieConfig { DomainSetup = true, Domain = ".corp.example" };

        Assert.Equal("n=v; Path=/; Domain=.corp.example", LinkisCookies.Set(config, "n", "v", "a.www.linkis.com"));
    }

    [Fact]
    public void Clear_IsEmptyWithMaxAgeZero()
    {
        Assert.Equal("n=; Max-Age=0; Path=/", LinkisCookies.Clear(new LinkisCookieConfig(), "n", "host"));
    }
}
