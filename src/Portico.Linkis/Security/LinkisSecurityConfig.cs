using Microsoft.AspNetCore.Http;

namespace Portico.Security.Linkis;

/// <summary>
/// Settings of the Linkis authentication subsystems (section <c>linkis-security</c>): the session ticket, the server-side
/// session store, password logins (admin user, LDAP, local users file), login throttling and proxy users. Each property
/// names the Linkis key it stands for.
/// </summary>
public sealed record LinkisSecurityConfig
{
    /// <summary>Switches the Linkis authentication services on; when off nothing is validated or loaded at start-up.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// The ticket key (<c>wds.linkis.crypt.key</c>): required, at least 16 characters and not Linkis's old default
    /// <c>bdp-for-server</c>, unless <see cref="AllowInsecureCryptKey"/> is set. Every gateway and backend sharing
    /// sessions must use the same key.
    /// </summary>
    public string? CryptKey { get; init; }

    /// <summary>
    /// Accepts a short or default crypt key, and falls back to <c>bdp-for-server</c> when none is set
    /// (<c>linkis.crypt.key.allow.insecure</c>). Anyone who knows the key can forge a session for any user: use it only
    /// for throw-away test installations.
    /// </summary>
    public bool AllowInsecureCryptKey { get; init; }

    /// <summary>Prefix of the ticket plaintext (<c>wds.linkis.ticket.header</c>).</summary>
    public string TicketHeader { get; init; } = "bfs_";

    /// <summary>Idle timeout of a session (<c>wds.linkis.server.web.session.timeout</c>).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Where sessions live: <c>sqlite</c> (default: kept in memory, written to <c>sessions.db</c> in the gateway's data
    /// directory so that they survive a restart) or <c>memory</c> (lost on restart, as in a single Linkis gateway).
    /// </summary>
    public SessionPersistenceMode SessionPersistence { get; init; } = SessionPersistenceMode.Sqlite;

    /// <summary>The ticket cookies and their attributes.</summary>
    public LinkisCookieConfig Cookie { get; init; } = new();

    /// <summary>The built-in administrator's name (<c>wds.linkis.admin.user</c>).</summary>
    public string AdminUser { get; init; } = "hadoop";

    /// <summary>
    /// The built-in administrator's password (<c>wds.linkis.admin.password</c>). There is no default: without one the
    /// administrator login is disabled.
    /// </summary>
    public string? AdminPassword { get; init; }

    /// <summary>LDAP simple-bind login (<c>wds.linkis.ldap.proxy.*</c>).</summary>
    public LinkisLdapConfig Ldap { get; init; } = new();

    /// <summary>
    /// A local users file (JSON or YAML) with salted PBKDF2 password hashes, for installations without LDAP; a relative
    /// path is taken from the content root. Edits are picked up at once.
    /// </summary>
    public string? UsersFile { get; init; }

    /// <summary>Limits on failed logins.</summary>
    public LoginThrottleConfig LoginThrottle { get; init; } = new();

    /// <summary>Proxy-user mapping (<c>wds.linkis.gateway.conf.enable.proxy.user</c> and its file).</summary>
    public ProxyUserConfig ProxyUser { get; init; } = new();

    /// <summary>Returned to the web console at login as <c>enableWatermark</c> (<c>wds.linkis.web.enable.water.mark</c>).</summary>
    public bool EnableWatermark { get; init; } = true;

    /// <summary>Refuses web logins of system users (<c>linkis.system.user.prohibit.login.switch</c>).</summary>
    public bool ProhibitSystemUserLogin { get; init; }

    /// <summary>Name prefixes of system users (<c>linkis.system.user.prohibit.login.prefix</c>).</summary>
    public IReadOnlyList<string> SystemUserPrefixes { get; init; } = ["hduser", "shduser", "hadoop"];

    /// <summary>Anonymous prefixes, test mode, IP whitelist, referer validation and allow-lists (§4.1).</summary>
    public Access.LinkisAccessConfig Access { get; init; } = new();

    /// <summary>Token authentication (§4.5).</summary>
    public Tokens.LinkisTokenConfig Tokens { get; init; } = new();

    /// <summary>The gateway's own user endpoints (§4.3).</summary>
    public Users.LinkisUserEndpointsConfig UserEndpoints { get; init; } = new();

    /// <inheritdoc />
    public bool Equals(LinkisSecurityConfig? other) =>
        other is not null
        && Enabled == other.Enabled
        && CryptKey == other.CryptKey
        && AllowInsecureCryptKey == other.AllowInsecureCryptKey
        && TicketHeader == other.TicketHeader
        && SessionTimeout == other.SessionTimeout
        && SessionPersistence == other.SessionPersistence
        && Cookie == other.Cookie
        && AdminUser == other.AdminUser
        && AdminPassword == other.AdminPassword
        && Ldap == other.Ldap
        && UsersFile == other.UsersFile
        && LoginThrottle == other.LoginThrottle
        && ProxyUser == other.ProxyUser
        && EnableWatermark == other.EnableWatermark
        && ProhibitSystemUserLogin == other.ProhibitSystemUserLogin
        && SystemUserPrefixes.SequenceEqual(other.SystemUserPrefixes)
        && Access == other.Access
        && Tokens == other.Tokens
        && UserEndpoints == other.UserEndpoints;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Enabled, CryptKey, SessionTimeout, AdminUser);

    // Hides the secrets, so that logging or printing the configuration never shows them.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Enabled = ").Append(Enabled)
            .Append(", CryptKey = ").Append(CryptKey is null ? "(none)" : "***")
            .Append(", SessionTimeout = ").Append(SessionTimeout)
            .Append(", AdminUser = ").Append(AdminUser)
            .Append(", AdminPassword = ").Append(AdminPassword is null ? "(none)" : "***")
            .Append(", Ldap = ").Append(Ldap)
            .Append(", UsersFile = ").Append(UsersFile);
        return true;
    }
}

/// <summary>Where the session store keeps sessions.</summary>
public enum SessionPersistenceMode
{
    /// <summary>In memory, backed by an SQLite file in the data directory.</summary>
    Sqlite,

    /// <summary>In memory only.</summary>
    Memory,
}

/// <summary>The ticket cookies (<c>wds.linkis.session.*</c>, <c>wds.linkis.gateway.cookie.*</c>).</summary>
public sealed record LinkisCookieConfig
{
    /// <summary>The session ticket cookie (<c>wds.linkis.session.ticket.key</c>).</summary>
    public string Name { get; init; } = "linkis_user_session_ticket_id_v1";

    /// <summary>The proxy-user ticket cookie, cleared at login and logout (<c>wds.linkis.session.proxy.user.ticket.key</c>).</summary>
    public string ProxyName { get; init; } = "linkis_user_session_proxy_ticket_id_v1";

    /// <summary>Adds <c>Secure</c> (<c>wds.linkis.server.security.ssl</c>); set it whenever clients reach the gateway over HTTPS.</summary>
    public bool Secure { get; init; }

    /// <summary>
    /// Adds <c>HttpOnly</c>. Linkis does not, so this is off by default; switch it on when no page script needs to read
    /// the ticket (it keeps injected scripts from stealing sessions).
    /// </summary>
    public bool HttpOnly { get; init; }

    /// <summary>The <c>SameSite</c> attribute; <c>Unspecified</c> (Linkis's behaviour) writes none.</summary>
    public SameSiteMode SameSite { get; init; } = SameSiteMode.Unspecified;

    /// <summary>Sets <c>Domain</c> derived from the request's <c>Host</c> (<c>wds.linkis.gateway.cookie.domain.setup.switch</c>).</summary>
    public bool DomainSetup { get; init; }

    /// <summary>How many trailing labels of the host the cookie domain keeps (<c>wds.linkis.gateway.domain.level</c>).</summary>
    public int DomainLevel { get; init; } = 3;

    /// <summary>A fixed <c>Domain</c> that replaces the derived one when <see cref="DomainSetup"/> is on.</summary>
    public string? Domain { get; init; }
}

/// <summary>LDAP simple-bind login (<c>wds.linkis.ldap.proxy.*</c>).</summary>
public sealed record LinkisLdapConfig
{
    /// <summary>
    /// The server, <c>ldap://host[:389]</c> or <c>ldaps://host[:636]</c> (<c>wds.linkis.ldap.proxy.url</c>); empty disables
    /// LDAP login.
    /// </summary>
    public string Url { get; init; } = "";

    /// <summary>
    /// The base DN (<c>wds.linkis.ldap.proxy.baseDN</c>). Linkis only appends it to the provider URL, where a simple bind
    /// ignores it; it is kept so that Linkis settings carry over, and shown in logs to identify the directory.
    /// </summary>
    public string BaseDn { get; init; } = "";

    /// <summary>
    /// The bind DN with <c>%s</c> standing for the user name, e.g. <c>uid=%s,ou=people,dc=example,dc=com</c>
    /// (<c>wds.linkis.ldap.proxy.userNameFormat</c>). The user name is escaped per RFC 4514 before it is inserted.
    /// Empty binds with the bare user name (Active Directory accepts it).
    /// </summary>
    public string UserNameFormat { get; init; } = "";

    /// <summary>Time allowed for the TCP connection (and, for <c>ldaps://</c>, the TLS handshake).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for the whole bind exchange.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upgrades an <c>ldap://</c> connection with StartTLS before sending the password.</summary>
    public bool StartTls { get; init; }

    /// <summary>Accepts any server certificate over <c>ldaps://</c> or StartTLS (testing only).</summary>
    public bool DangerousAcceptAnyServerCertificate { get; init; }
}

/// <summary>
/// Failed-login limits. One user name from one client address is slowed after <see cref="MaxFailuresPerUser"/> failures
/// with growing delays; failures of one user name from all addresses have a much higher ceiling
/// (<see cref="MaxFailuresPerUserAllAddresses"/>) that does not refuse addresses the user logged in from before; one
/// address's failures across all user names have their own limit (<see cref="MaxFailuresPerAddress"/>).
/// </summary>
public sealed record LoginThrottleConfig
{
    /// <summary>Switches throttling on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Failed logins allowed for one user name from one client address before further attempts from that address get 429
    /// for <see cref="InitialDelay"/>, doubling with each further failure up to <see cref="MaxDelay"/>.
    /// </summary>
    public int MaxFailuresPerUser { get; init; } = 5;

    /// <summary>
    /// Failed logins allowed for one user name from all addresses within <see cref="Window"/> (distributed guessing);
    /// past it the user gets 429 except from addresses it logged in from before.
    /// </summary>
    public int MaxFailuresPerUserAllAddresses { get; init; } = 50;

    /// <summary>Failed logins allowed from one client address, for any user names, within <see cref="Window"/>; further attempts get 429.</summary>
    public int MaxFailuresPerAddress { get; init; } = 20;

    /// <summary>
    /// The sliding window the per-address and all-addresses limits count failures in; a user and address pair that fails
    /// no more for this long after its delay ended starts afresh.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The first delay once <see cref="MaxFailuresPerUser"/> is reached.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most keys each of the throttle's tables tracks (user and address pairs, user names, addresses, known
    /// addresses); past it the least recently changed are forgotten, so a flood of names cannot grow memory.
    /// </summary>
    public int MaxTrackedKeys { get; init; } = 10_000;
}

/// <summary>Proxy-user mapping (§4.7 of the Linkis reference).</summary>
public sealed record ProxyUserConfig
{
    /// <summary>Maps logins to proxy users and enables <c>/user/proxy</c> (<c>wds.linkis.gateway.conf.enable.proxy.user</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// The properties file (<c>user=proxyUser</c> and <c>validationCode=user1,user2</c> lines;
    /// <c>wds.linkis.gateway.conf.proxy.user.config</c>); a relative path is taken from the content root, and edits are
    /// picked up at once.
    /// </summary>
    public string File { get; init; } = "proxy.properties";
}
