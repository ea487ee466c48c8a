using System.Net;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Security.Linkis.Users.UserEndpointsGateway;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>Login throttling over a real gateway whose loopback peer is a trusted proxy, so X-Forwarded-For is the client.</summary>
public sealed class LoginThrottleFunctionalTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portico-throttle-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private Task<TestGateway> StartAsync(string persistence, string initialDelay = "1s") => TestGateway.StartAsync(
        $"""
        portico:
          trusted-proxies: [127.0.0.1]
          data-directory: '{_data}'
          linkis:
            enabled: true
            gateway-instance: gw-node:9001
          linkis-security:
            enabled: true
            crypt-key: functional-login-throttle-key-0123
            session-persistence: {persistence}
            admin-password: admin-pw
            login-throttle:
              initial-delay: {initialDelay}
            user-endpoints:
              login-encrypt: false
        """);

    private static Task<(HttpStatusCode Status, string Json, HttpResponseMessage Response)> LoginAsync(TestGateway gateway, string password, string clientAddress)
    {
        var request = Request(HttpMethod.Post, "login", $$"""{"userName":"hadoop","password":"{{password}}"}""");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return SendAsync(gateway, request);
    }

    [Fact]
    public async Task Login_WrongPasswordsFromOneAddress_DoNotLockTheUserOutFromAnother()
    {
        await using var gateway = await StartAsync("memory");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync(gateway, "guess", "10.66.0.1")).Status);
        }

        var refused = await LoginAsync(gateway, "admin-pw", "10.66.0.1");
        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.NotNull(refused.Response.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed logins", refused.Json, StringComparison.Ordinal);

        var other = await LoginAsync(gateway, "admin-pw", "10.77.0.1");

        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.NotNull(Ticket(other.Response));
    }

    [Fact]
    public async Task Login_SqliteSessions_ThrottleSurvivesARestart()
    {
        await using (var first = await StartAsync("sqlite", initialDelay: "10m"))
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync(first, "guess", "10.66.0.1")).Status);
            }

            Assert.Equal((HttpStatusCode)429, (await LoginAsync(first, "admin-pw", "10.66.0.1")).Status);
        }

        await using var second = await StartAsync("sqlite", initialDelay: "10m");

        var refused = await LoginAsync(second, "admin-pw", "10.66.0.1");
        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.True(refused.Response.Headers.RetryAfter!.Delta > TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(second, "admin-pw", "10.77.0.1")).Status);
    }
}
