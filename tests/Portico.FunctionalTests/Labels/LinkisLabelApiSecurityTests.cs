using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Linkis;

namespace Portico.FunctionalTests.Labels;

/// <summary>
/// The §6.3 label API behind the real Linkis security filter: the identity comes from the session ticket cookie, and
/// only the administrator (<c>hadoop</c>) may change labels, which take effect on the next request.
/// </summary>
public sealed class LinkisLabelApiSecurityTests : IAsyncLifetime
{
    private const string Entrance = "linkis-cg-entrance";

    private TestUpstream _a = null!;
    private TestUpstream _b = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _a = await TestUpstream.StartAsync(address: "127.0.0.2");
        _b = await TestUpstream.StartAsync(address: "127.0.0.3");
        _gateway = await TestGateway.StartAsync("""
            portico:
              linkis:
                enabled: true
              linkis-security:
                enabled: true
                crypt-key: functional-test-crypt-key-0123
                session-persistence: memory
            """);
        await _gateway.RegisterAsync(Entrance, "a", _a);
        await _gateway.RegisterAsync(Entrance, "b", _b);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private async Task<string> CookieAsync(string user)
    {
        var session = await _gateway.Services.GetRequiredService<ILinkisSessionService>().IssueAsync(user, remember: true, default);
        return "linkis_user_session_ticket_id_v1=" + session.Ticket;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookie, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", cookie);
        return await _gateway.Client.SendAsync(request);
    }

    private string LabelBody(TestUpstream instance, string route) =>
        $"{{\"applicationName\":\"{Entrance}\",\"instance\":\"{instance.Authority}\",\"labels\":[{{\"labelKey\":\"route\",\"stringValue\":\"{route}\"}}]}}";

    [Fact]
    public async Task AdminSession_PutTakesEffectOnNextSubmit()
    {
        var admin = await CookieAsync("hadoop");

        var put = await SendAsync(HttpMethod.Put, "/api/rest_j/v1/microservice/instanceLabel", admin, LabelBody(_b, "et7"));
        var submit = await SendAsync(HttpMethod.Post, "/api/rest_j/v1/entrance/submit", admin, "{\"executionContent\":{\"code\":\"1\"},\"labels\":{\"route\":\"et7\"}}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("\"status\":0,\"message\":\"success\"", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(_b.Authority, (await EchoResponse.ReadAsync(submit)).Server);
    }

    [Fact]
    public async Task OtherUserSession_Refused14100AndNothingChanges()
    {
        var alice = await CookieAsync("alice");

        var put = await SendAsync(HttpMethod.Put, "/api/rest_j/v1/microservice/instanceLabel", alice, LabelBody(_a, "et8"));
        var list = await SendAsync(HttpMethod.Get, "/api/rest_j/v1/microservice/allInstance", alice);

        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":1,\"message\":\"error code(错误码): 14100, error message(错误信息): Only admin can modify instance label(只有管理员才能修改标签). The user [alice] is not admin.\",\"data\":{}}",
            await put.Content.ReadAsStringAsync());
        Assert.Contains("Only admin can view all instances", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_gateway.Labels().Current.All);
    }

    [Fact]
    public async Task LoggedInUser_ReadsModifiableKeys()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/rest_j/v1/microservice/modifiableLabelKey", await CookieAsync("alice"));

        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/modifiableLabelKey\",\"status\":0,\"message\":\"OK\",\"data\":{\"keyList\":[\"route\"]}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoSession_RefusedBySecurityFilterBeforeTheApi()
    {
        var response = await _gateway.Client.GetAsync("/api/rest_j/v1/microservice/allInstance");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"status\":-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
