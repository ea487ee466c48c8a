using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.FunctionalTests.Infrastructure;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Passwords;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>
/// LDAP logins against a real slapd on loopback that takes plaintext binds, and the whole login service.
/// <see cref="LdapTlsLoginTests"/> covers StartTLS and LDAPS against a server that refuses them.
/// </summary>
public sealed class LdapLoginTests : IAsyncLifetime
{
    private SlapdServer _slapd = null!;

    public async Task InitializeAsync() => _slapd = await SlapdServer.StartAsync();

    public async Task DisposeAsync() => await _slapd.DisposeAsync();

    private static LdapPasswordAuthenticator Authenticator(LinkisLdapConfig ldap) =>
        new(new Settings(new LinkisSecurityConfig { Ldap = ldap }), TimeProvider.System, NullLogger<LdapPasswordAuthenticator>.Instance);

    private LinkisLdapConfig Plain => new() { Url = _slapd.LdapUrl, BaseDn = SlapdServer.Suffix, UserNameFormat = SlapdServer.UserFormat };

    [Fact]
    public async Task Authenticate_RightPassword_SucceedsWithLowerCasedName()
    {
        var result = await Authenticator(Plain).AuthenticateAsync("Alice", SlapdServer.AlicePassword, default);

        Assert.Equal(PasswordAuthenticationResult.Success("alice", isAdmin: false), result);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("bob", "alice-pw")]
    [InlineData("alice,ou=people,dc=example,dc=com", "alice-pw")]
    [InlineData("*", "alice-pw")]
    [InlineData("alice)(uid=*", "alice-pw")]
    [InlineData("' OR 1=1 --", "x")]
    public async Task Authenticate_WrongOrInjectedName_IsRejected(string user, string password)
    {
        var result = await Authenticator(Plain).AuthenticateAsync(user, password, default);

        Assert.Equal(PasswordAuthenticationStatus.Rejected, result.Status);
    }

    [Fact]
    public async Task Authenticate_EmptyPassword_IsRejectedThoughServerAllowsUnauthenticatedBind()
    {
        // The server itself accepts an empty-password bind (RFC 4513 unauthenticated bind)...
        Assert.True(Portico.Security.Linkis.Passwords.LdapEndpoint.TryParse(_slapd.LdapUrl, out var endpoint));
        var raw = await LdapSimpleBindClient.BindAsync(endpoint, "uid=alice,ou=people," + SlapdServer.Suffix, "", false, false, TimeSpan.FromSeconds(5), TimeProvider.System, default);
        Assert.Equal(LdapBindResult.Success, raw.ResultCode);

        // ...so the authenticator must never let it through.
        Assert.Equal(PasswordAuthenticationStatus.Rejected, (await Authenticator(Plain).AuthenticateAsync("alice", "", default)).Status);
    }

    [Fact]
    public async Task Authenticate_NothingListening_IsUnavailable()
    {
        var ldap = Plain with { Url = "ldap://127.0.0.1:1/" };

        Assert.Equal(PasswordAuthenticationStatus.Unavailable, (await Authenticator(ldap).AuthenticateAsync("alice", SlapdServer.AlicePassword, default)).Status);
    }

    [Fact]
    public async Task Authenticate_ServerNeverAnswers_IsUnavailableAfterTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var ldap = Plain with { Url = $"ldap://127.0.0.1:{port}/", Timeout = TimeSpan.FromMilliseconds(300) };

        var result = await Authenticator(ldap).AuthenticateAsync("alice", SlapdServer.AlicePassword, default);

        Assert.Equal(PasswordAuthenticationStatus.Unavailable, result.Status);
    }

    [Fact]
    public async Task LoginService_InGateway_LogsInThroughLdapAndPersistsSession()
    {
        var data = Directory.CreateTempSubdirectory("portico-data-").FullName;
        try
        {
            var yaml = $"""
                portico:
                  data-directory: {data}
                  linkis-security:
                    enabled: true
                    crypt-key: functional-test-key-0123456789
                    session-timeout: 1h
                    ldap:
                      url: {_slapd.LdapUrl}
                      base-dn: {SlapdServer.Suffix}
                      user-name-format: "{SlapdServer.UserFormat}"
                """;
            string ticket;
            await using (var gateway = await TestGateway.StartAsync(yaml))
            {
                var login = gateway.Services.GetRequiredService<ILinkisLoginService>();

                var result = await login.LoginAsync(new LinkisLoginRequest("alice", SlapdServer.AlicePassword, "127.0.0.1", "localhost"), default);

                Assert.Equal(200, result.HttpStatus);
                Assert.Equal(LinkisUserMessages.LoginSucceeded, result.Message);
                Assert.Equal(new KeyValuePair<string, object?>("sessionTimeOut", 3_600_000L), result.Data[2]);
                ticket = result.SetCookies[0].Split(';')[0]["linkis_user_session_ticket_id_v1=".Length..];
                Assert.Equal("alice", gateway.Services.GetRequiredService<ILinkisSessionService>().Resolve(ticket, null).UserName);
                Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("administrator login 'hadoop' is disabled", StringComparison.Ordinal));
            }

            // A restarted gateway over the same data directory still knows the session.
            await using (var restarted = await TestGateway.StartAsync(yaml))
            {
                Assert.Equal("alice", restarted.Services.GetRequiredService<ILinkisSessionService>().Resolve(ticket, null).UserName);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Gateway_EnabledWithShortCryptKey_FailsToStartNamingTheFix()
    {
        var ex = await Assert.ThrowsAsync<Portico.Configuration.PorticoConfigException>(() => TestGateway.StartAsync("""
            portico:
              linkis-security:
                enabled: true
                crypt-key: too-short
            """));

        Assert.Contains("linkis-security.crypt-key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least 16", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Settings(LinkisSecurityConfig config) : ILinkisSecuritySettings
    {
        public LinkisSecurityConfig Current => config;

        public string DataDirectory => Path.GetTempPath();

        public string ResolvePath(string path) => Path.GetFullPath(path);
    }
}
