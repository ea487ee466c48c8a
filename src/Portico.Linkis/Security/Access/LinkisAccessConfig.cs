using Portico.Security.Cors;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// Who may reach the Linkis routes and without which login (<c>linkis-security:access</c>): anonymous prefixes and
/// pattern, test mode, the IP whitelist, referer validation, the per-user and per-IP allow-lists of §4.1, and the
/// CORS answers of the Linkis routes. Each property names the Linkis key it stands for.
/// </summary>
/// <example>
/// <code language="yaml">
/// portico:
///   linkis-security:
///     enabled: true
///     access:
///       pass-auth-prefixes: [ /dws/, /dss/ ]
///       ip-whitelist: { enabled: true, file: auth.txt, addresses: [ 10.0.0.0/8 ] }
///       referer: { validate: true, allowed-hosts: [ linkis.example.com ] }
///       access-control:
///         user-enabled: true
///         users: { alice: "10.0.0.5,10.0.0.6" }
///       cors:
///         allowed-origins: [ https://console.example.com ]
/// </code>
/// </example>
public sealed record LinkisAccessConfig
{
    /// <summary>Path prefixes allowed without login (<c>wds.linkis.gateway.conf.url.pass.auth</c>).</summary>
    public IReadOnlyList<string> PassAuthPrefixes { get; init; } = ["/dws/"];

    /// <summary>
    /// A regular expression that, matching a whole path, lets it through without login
    /// (<c>wds.linkis.gateway.no.auth.url.regex</c>); empty disables it.
    /// </summary>
    public string NoAuthPattern { get; init; } = ".*visualis.*share.*";

    /// <summary>Logs requests without a session in as <see cref="TestUser"/> (<c>wds.linkis.test.mode</c>). Never in production.</summary>
    public bool TestMode { get; init; }

    /// <summary>The user of test mode (<c>wds.linkis.test.user</c>).</summary>
    public string TestUser { get; init; } = "";

    /// <summary>The IP whitelist (<c>wds.linkis.enable.gateway.auth</c>).</summary>
    public LinkisIpWhitelistConfig IpWhitelist { get; init; } = new();

    /// <summary>Referer validation (<c>wds.linkis.server.security.referer.validate</c>).</summary>
    public LinkisRefererConfig Referer { get; init; } = new();

    /// <summary>Per-user and per-IP allow-lists (<c>linkis.client.access.control.*</c>).</summary>
    public LinkisAccessControlConfig AccessControl { get; init; } = new();

    /// <summary>
    /// CORS of the Linkis routes (§1.4), answered by the gateway's CORS step: preflights before authentication (D9),
    /// the allow headers on every response to a listed origin. The defaults are Linkis's: every origin
    /// (<c>wds.linkis.gateway.header.allow.origin</c> = <c>*</c>, then without credentials, D18), its methods
    /// (<c>wds.linkis.gateway.header.allow.methods</c>) and headers. An empty <c>allowed-origins</c> switches CORS off
    /// for the Linkis routes. The global <c>portico.cors</c> settings do not apply to them while Linkis security is on.
    /// </summary>
    public CorsConfig Cors { get; init; } = new()
    {
        AllowedOrigins = ["*"],
        AllowedMethods = ["POST", "GET", "OPTIONS", "PUT", "HEAD", "DELETE"],
        AllowedHeaders = ["authorization", "Content-Type"],
    };

    /// <inheritdoc />
    public bool Equals(LinkisAccessConfig? other) =>
        other is not null
        && PassAuthPrefixes.SequenceEqual(other.PassAuthPrefixes)
        && NoAuthPattern == other.NoAuthPattern
        && TestMode == other.TestMode
        && TestUser == other.TestUser
        && IpWhitelist == other.IpWhitelist
        && Referer == other.Referer
        && AccessControl == other.AccessControl
        && Cors == other.Cors;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PassAuthPrefixes.Count, NoAuthPattern, TestMode, IpWhitelist);
}

/// <summary>The IP whitelist: only listed socket addresses reach the Linkis routes (§4.1 step 2).</summary>
public sealed record LinkisIpWhitelistConfig
{
    /// <summary>Switches the whitelist on (<c>wds.linkis.enable.gateway.auth</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// A file with one address or CIDR range per line, <c>#</c> starting a comment (<c>wds.linkis.gateway.auth.file</c>,
    /// <c>auth.txt</c> in Linkis); a relative path is taken from the content root; edits are picked up at once (removed
    /// lines stop being allowed). A file with an invalid line is refused as a whole and the last good version stays in force.
    /// </summary>
    public string? File { get; init; }

    /// <summary>Addresses and CIDR ranges allowed in addition to the file's.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(LinkisIpWhitelistConfig? other) =>
        other is not null && Enabled == other.Enabled && File == other.File && Addresses.SequenceEqual(other.Addresses);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Enabled, File, Addresses.Count);
}

/// <summary>Referer validation (§4.1 step 3).</summary>
public sealed record LinkisRefererConfig
{
    /// <summary>Switches validation on (<c>wds.linkis.server.security.referer.validate</c>).</summary>
    public bool Validate { get; init; }

    /// <summary>
    /// Texts an allowed <c>Referer</c> contains, usually the console's host (<c>wds.linkis.server.address</c>, comma
    /// list); empty means the machine's host name. As in Linkis the test is a substring test.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(LinkisRefererConfig? other) =>
        other is not null && Validate == other.Validate && AllowedHosts.SequenceEqual(other.AllowedHosts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Validate, AllowedHosts.Count);
}

/// <summary>Per-user IP allow-lists and a per-IP URL allow-list (§4.1 steps 6 and 7).</summary>
public sealed record LinkisAccessControlConfig
{
    /// <summary>Switches the per-user IP lists on (<c>linkis.client.access.control.user.enable</c>).</summary>
    public bool UserEnabled { get; init; }

    /// <summary>
    /// User name to the addresses it may come from (<c>linkis.client.access.control.user.&lt;user&gt;</c>); as in Linkis,
    /// a request is allowed when the text contains its socket address. A user without an entry is not restricted.
    /// </summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Switches the per-IP URL list on (<c>linkis.client.access.control.enable</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>The addresses the URL list applies to (<c>linkis.client.access.control.ip</c>; a substring test, as in Linkis).</summary>
    public string Ips { get; init; } = "";

    /// <summary>The paths those addresses may reach (<c>linkis.client.access.control.url</c>; allowed when the text contains the path).</summary>
    public string Urls { get; init; } = "";

    /// <inheritdoc />
    public bool Equals(LinkisAccessControlConfig? other) =>
        other is not null
        && UserEnabled == other.UserEnabled
        && Users.Count == other.Users.Count
        && Users.All(u => other.Users.TryGetValue(u.Key, out var v) && v == u.Value)
        && Enabled == other.Enabled
        && Ips == other.Ips
        && Urls == other.Urls;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserEnabled, Users.Count, Enabled, Ips, Urls);
}
