using System.Net;
using System.Text.Json;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Security.Linkis.Users.UserEndpointsGateway;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>OAuth's <c>state</c> (<c>oauth.require-state</c>): a login completes only in the browser that started it.</summary>
public sealed class OAuthStateFunctionalTests : IAsyncLifetime
{
    private FakeOAuthServer _idp = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeOAuthServer.StartAsync();
        _gateway = await StartOAuthAsync(_idp, "require-state: true");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task Redirect_StateInTheUrlAndInAShortLivedCookie()
    {
        var (state, cookie) = await StartLoginAsync();

        Assert.Equal(43, state.Length);
        Assert.Equal($"linkis_oauth_state={state}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax", cookie);
        var (second, _) = await StartLoginAsync();
        Assert.NotEqual(state, second);
    }

    [Fact]
    public async Task Login_MatchingState_LogsInAndClearsTheStateCookie()
    {
        var (state, _) = await StartLoginAsync();

        var (status, json, response) = await SendAsync(_gateway, WithStateCookie(Request(HttpMethod.Get, $"oauth-login?code=good-code&state={state}"), state));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"userName\":\"octo\"", json, StringComparison.Ordinal);
        Assert.NotNull(Ticket(response));
        Assert.Contains("linkis_oauth_state=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax", response.Headers.GetValues("Set-Cookie"));
    }

    [Theory]
    [InlineData("oauth-login?code=good-code&state=forged", true)]
    [InlineData("oauth-login?code=good-code", true)]
    [InlineData("oauth-login?code=good-code&state=MATCH", false)]
    public async Task Login_StateMissingOrForeign_401BeforeTheCodeIsSpent(string request, bool withCookie)
    {
        var (state, _) = await StartLoginAsync();
        var message = Request(HttpMethod.Get, request.Replace("MATCH", state, StringComparison.Ordinal));

        var (status, json, response) = await SendAsync(_gateway, withCookie ? WithStateCookie(message, state) : message);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"method":null,"status":-1,"message":"The OAuth state does not match the login this browser started; start the login again(OAuth state 校验失败，请重新登录)!","data":{}}""", json);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Empty(_idp.Requests);
    }

    private async Task<(string State, string Cookie)> StartLoginAsync()
    {
        var (status, json, response) = await SendAsync(_gateway, Request(HttpMethod.Get, "oauth-redirect"));
        Assert.Equal(HttpStatusCode.OK, status);
        var url = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("redirectUrl").GetString()!;
        const string marker = "&state=";
        Assert.StartsWith(_idp.BaseUrl + "/authorize?client_id=linkis-web&response_type=code&state=", url, StringComparison.Ordinal);
        var state = url[(url.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
        return (state, Assert.Single(response.Headers.GetValues("Set-Cookie")));
    }

    private static HttpRequestMessage WithStateCookie(HttpRequestMessage request, string state)
    {
        request.Headers.Add("Cookie", "linkis_oauth_state=" + state);
        return request;
    }
}
