using System.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Passwords;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>
/// LDAP logins over StartTLS and LDAPS against a real slapd that refuses a password bind on an unencrypted connection,
/// so a success proves the password went over TLS. Its certificate is self-signed: trusted by nobody, so a login is
/// refused unless the operator opts out of verification.
/// </summary>
public sealed class LdapTlsLoginTests : IAsyncLifetime
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private SlapdServer _slapd = null!;

    public async Task InitializeAsync() => _slapd = await SlapdServer.StartAsync(requireTlsForPasswordBinds: true);

    public async Task DisposeAsync() => await _slapd.DisposeAsync();

    private static LdapPasswordAuthenticator Authenticator(LinkisLdapConfig ldap) =>
        new(new Settings(new LinkisSecurityConfig { Ldap = ldap }), TimeProvider.System, NullLogger<LdapPasswordAuthenticator>.Instance);

    private LinkisLdapConfig Plain => new() { Url = _slapd.LdapUrl, BaseDn = SlapdServer.Suffix, UserNameFormat = SlapdServer.UserFormat };

    private static string AliceDn => "uid=alice,ou=people," + SlapdServer.Suffix;

    [Fact]
    public async Task Server_PasswordBindWithoutTls_IsRefusedAsConfidentialityRequired()
    {
        var endpoint = Endpoint(_slapd.LdapUrl);

        var raw = await LdapSimpleBindClient.BindAsync(endpoint, AliceDn, SlapdServer.AlicePassword, startTls: false, acceptAnyCertificate: false, ConnectTimeout, TimeProvider.System, default);
        var login = await Authenticator(Plain).AuthenticateAsync("alice", SlapdServer.AlicePassword, default);

        Assert.Equal(SlapdServer.ConfidentialityRequired, raw.ResultCode);
        Assert.False(login.IsAuthenticated);
    }

    [Fact]
    public async Task Authenticate_StartTls_BindsOverTls()
    {
        var ldap = Plain with { StartTls = true, DangerousAcceptAnyServerCertificate = true };

        var raw = await LdapSimpleBindClient.BindAsync(Endpoint(_slapd.LdapUrl), AliceDn, SlapdServer.AlicePassword, startTls: true, acceptAnyCertificate: true, ConnectTimeout, TimeProvider.System, default);
        var login = await Authenticator(ldap).AuthenticateAsync("alice", SlapdServer.AlicePassword, default);

        Assert.Equal(LdapBindResult.Success, raw.ResultCode);
        Assert.Equal(PasswordAuthenticationResult.Success("alice", isAdmin: false), login);
    }

    [Fact]
    public async Task Authenticate_Ldaps_BindsOverTls()
    {
        var ldap = Plain with { Url = _slapd.LdapsUrl, DangerousAcceptAnyServerCertificate = true };

        var login = await Authenticator(ldap).AuthenticateAsync("alice", SlapdServer.AlicePassword, default);

        Assert.Equal(PasswordAuthenticationResult.Success("alice", isAdmin: false), login);
    }

    [Fact]
    public async Task Authenticate_StartTlsUntrustedCertificate_IsUnavailable()
    {
        var ldap = Plain with { StartTls = true };

        var handshake = await Assert.ThrowsAsync<AuthenticationException>(() =>
            LdapSimpleBindClient.BindAsync(Endpoint(_slapd.LdapUrl), AliceDn, SlapdServer.AlicePassword, startTls: true, acceptAnyCertificate: false, ConnectTimeout, TimeProvider.System, default));
        var login = await Authenticator(ldap).AuthenticateAsync("alice", SlapdServer.AlicePassword, default);

        Assert.Contains("certificate", handshake.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(PasswordAuthenticationStatus.Unavailable, login.Status);
    }

    [Fact]
    public async Task Authenticate_LdapsUntrustedCertificate_IsUnavailable()
    {
        var ldap = Plain with { Url = _slapd.LdapsUrl };

        var handshake = await Assert.ThrowsAsync<AuthenticationException>(() =>
            LdapSimpleBindClient.BindAsync(Endpoint(_slapd.LdapsUrl), AliceDn, SlapdServer.AlicePassword, startTls: false, acceptAnyCertificate: false, ConnectTimeout, TimeProvider.System, default));
        var login = await Authenticator(ldap).AuthenticateAsync("alice", SlapdServer.AlicePassword, default);

        Assert.Contains("certificate", handshake.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(PasswordAuthenticationStatus.Unavailable, login.Status);
    }

    private static LdapEndpoint Endpoint(string url)
    {
        Assert.True(LdapEndpoint.TryParse(url, out var endpoint));
        return endpoint;
    }

    private sealed class Settings(LinkisSecurityConfig config) : ILinkisSecuritySettings
    {
        public LinkisSecurityConfig Current => config;

        public string DataDirectory => Path.GetTempPath();

        public string ResolvePath(string path) => Path.GetFullPath(path);
    }
}
