using System.Net;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Security.Linkis.Users.UserEndpointsGateway;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>Login throttling over a real gateway whose loopback peer is a trusted proxy, so X-Forwarded-For is the client.</summary>
public sealed class LoginThrottleFunctionalTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(
        """
        portico:
          trusted-proxies: [127.0.0.1]
          linkis:
            enabled: true
            gateway-instance: gw-node:9001
          linkis-security:
            enabled: true
            crypt-key: functional-login-throttle-key-0123
            session-persistence: memory
            admin-password: admin-pw
            user-endpoints:
              login-encrypt: false
        """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private Task<(HttpStatusCode Status, string Json, HttpResponseMessage Response)> LoginAsync(string password, string clientAddress)
    {
        var request = Request(HttpMethod.Post, "login", $$"""{"userName":"hadoop","password":"{{password}}"}""");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return SendAsync(_gateway, request);
    }

    [Fact]
    public async Task Login_WrongPasswordsFromOneAddress_DoNotLockTheUserOutFromAnother()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync("guess", "10.66.0.1")).Status);
        }

        var refused = await LoginAsync("admin-pw", "10.66.0.1");
        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.NotNull(refused.Response.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed logins", refused.Json, StringComparison.Ordinal);

        var other = await LoginAsync("admin-pw", "10.77.0.1");

        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.NotNull(Ticket(other.Response));
    }
}
