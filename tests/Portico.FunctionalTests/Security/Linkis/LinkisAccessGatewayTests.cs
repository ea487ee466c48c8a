using System.Net;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Security.Linkis.LinkisSecurityGateway;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>
/// Who may reach the Linkis routes (§4.1), each case on its own gateway: the IP whitelist with CIDR ranges, referer
/// validation, the per-user and per-IP allow-lists (all on the socket address), and trusted proxies for tokens (D8).
/// </summary>
public sealed class LinkisAccessGatewayTests
{
    [Fact]
    public async Task Whitelist_CidrRanges_OnTheSocketAddress()
    {
        await using var listed = await StartAsync("access:\n  ip-whitelist:\n    enabled: true\n    addresses: [10.0.0.0/8, 127.0.0.0/8]");
        await listed.AssertStillServesAsync();

        await using var unlisted = await StartAsync("access:\n  ip-whitelist:\n    enabled: true\n    addresses: [10.0.0.0/8]");
        using var response = await unlisted.GetAsync(JobHistory, ("X-Forwarded-For", "10.1.1.1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":1,\"message\":\"127.0.0.1 is not in whitelist\",\"data\":{}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Whitelist_File_EditsApplyAtOnce()
    {
        var file = Path.Combine(Path.GetTempPath(), "portico-auth-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(file, "# loopback\n127.0.0.0/8\n");
        try
        {
            await using var gateway = await StartAsync($"access:\n  ip-whitelist:\n    enabled: true\n    file: {file}");
            await gateway.AssertStillServesAsync();

            await File.WriteAllTextAsync(file, "10.0.0.0/8\n");

            var refused = false;
            for (var i = 0; i < 100 && !refused; i++)
            {
                using var response = await gateway.GetAsync(JobHistory);
                refused = response.StatusCode == HttpStatusCode.BadRequest;
                if (!refused)
                {
                    await Task.Delay(50);
                }
            }

            Assert.True(refused);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Referer_Validated()
    {
        await using var gateway = await StartAsync("access:\n  referer:\n    validate: true\n    allowed-hosts: [console.example.com]");
        var ticket = await gateway.LoginAsync("alice");

        using var missing = await gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(ticket)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, missing.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":2,\"message\":\"referer为空,不能继续访问\",\"data\":{}}", await missing.Content.ReadAsStringAsync());

        using var foreign = await gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(ticket)), ("Referer", "https://evil.example.org/"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, foreign.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":2,\"message\":\"Unallowed cross-site request(不允许的跨站请求)！\",\"data\":{}}", await foreign.Content.ReadAsStringAsync());

        using var patch = new HttpRequestMessage(HttpMethod.Patch, JobHistory);
        patch.Headers.Add("Referer", "https://console.example.com/");
        using var tampered = await gateway.Client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.PreconditionFailed, tampered.StatusCode);
        Assert.Equal("{\"method\":null,\"status\":2,\"message\":\"Do not use HTTP verbs to tamper with(不可使用HTTP动词篡改)！\",\"data\":{}}", await tampered.Content.ReadAsStringAsync());

        using var allowed = await gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(ticket)), ("Referer", "https://console.example.com/#/console"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // A handshake may come without a Referer; it then needs a login like any request.
        var (status, _) = await gateway.HandshakeAsync("/ws/api/entrance/connect");
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task AccessControl_PerUserAndPerAddressLists()
    {
        await using var gateway = await StartAsync("""
            access:
              access-control:
                user-enabled: true
                users:
                  carol: 10.9.9.9
                  dave: 127.0.0.1,10.9.9.9
                enabled: true
                ips: 127.0.0.1
                urls: /api/rest_j/v1/jobhistory/list,/api/rest_j/v1/jobhistory/detail
            """);

        using var carol = await gateway.GetAsync(JobHistory, ("Cookie", TicketCookie(await gateway.LoginAsync("carol"))));
        Assert.Equal(HttpStatusCode.BadRequest, carol.StatusCode);
        Assert.Equal(
            "{\"method\":null,\"status\":1,\"message\":\"Unauthorized access! User carol is prohibited from accessing from the current IP 127.0.0.1. (未授权的访问！用户carol禁止在当前IP127.0.0.1访问。)\",\"data\":{}}",
            await carol.Content.ReadAsStringAsync());

        var dave = TicketCookie(await gateway.LoginAsync("dave"));
        using var listed = await gateway.GetAsync(JobHistory, ("Cookie", dave));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        using var unlisted = await gateway.GetAsync("/api/rest_j/v1/jobhistory/governanceStationAdmin", ("Cookie", dave));
        Assert.Equal(HttpStatusCode.BadRequest, unlisted.StatusCode);
        Assert.Equal(
            "{\"method\":null,\"status\":1,\"message\":\"Unauthorized access! IP 127.0.0.1 is prohibited from accessing this URL. (未授权的访问！当前IP127.0.0.1禁止访问此URL。)\",\"data\":{}}",
            await unlisted.Content.ReadAsStringAsync());

        await gateway.AssertStillServesAsync();
    }

    [Fact]
    public async Task Token_ForwardedForFromATrustedProxy_IsTheClientHost()
    {
        await using var gateway = await StartAsync(porticoYaml: "trusted-proxies: [127.0.0.1]");
        gateway.Tokens.LegalHost = "10.9.9.9";

        using var response = await gateway.GetAsync(JobHistory, ("Token-Code", TestTokenAuthenticator.GoodToken), ("Token-User", "bob"), ("X-Forwarded-For", "10.9.9.9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10.9.9.9", gateway.Tokens.LastHost);
    }

    [Fact]
    public async Task SecurityOff_LinkisRoutesNeedNoLogin()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var registry = new Portico.FunctionalTests.Linkis.InMemoryRegistry();
        registry.Set(("linkis-ps-publicservice", upstream.Authority));
        await using var gateway = await Portico.FunctionalTests.Linkis.LinkisGateway.StartAsync(registry, probe: false);

        using var response = await gateway.Client.GetAsync(JobHistory);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
