using System.Collections.Frozen;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Security.Networks;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// <see cref="LinkisAccessConfig"/> and the switches the security filter needs, compiled once per configuration: the
/// prefixes and pattern of anonymous paths, the whitelist networks, the referer texts and the allow-lists. Immutable;
/// <see cref="LinkisAccessPolicyCache"/> hands out the one of the configuration in force.
/// </summary>
internal sealed class LinkisAccessPolicy
{
    private readonly string[] _passAuthPrefixes;
    private readonly Regex? _noAuth;

    private LinkisAccessPolicy(LinkisSecurityConfig config, string contentRoot, Func<string> hostName)
    {
        Config = config;
        var access = config.Access;
        _passAuthPrefixes = [.. access.PassAuthPrefixes.Where(p => !string.IsNullOrEmpty(p))];
        _noAuth = CompileNoAuth(access.NoAuthPattern);
        TestUser = access.TestMode && !string.IsNullOrWhiteSpace(access.TestUser) ? access.TestUser.Trim() : null;

        var whitelist = access.IpWhitelist;
        WhitelistEnabled = whitelist.Enabled;
        WhitelistAddresses = whitelist.Enabled ? NetworkList.Parse(whitelist.Addresses, static (_, _, _) => { }) : NetworkList.Empty;
        WhitelistFile = whitelist.Enabled && !string.IsNullOrWhiteSpace(whitelist.File) ? Path.GetFullPath(whitelist.File.Trim(), contentRoot) : null;

        ValidateReferer = access.Referer.Validate;
        if (ValidateReferer)
        {
            string[] hosts = [.. access.Referer.AllowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0)];
            RefererHosts = hosts.Length > 0 ? hosts : [hostName()];
        }
        else
        {
            RefererHosts = [];
        }

        var control = access.AccessControl;
        UserAddresses = control.UserEnabled
            ? control.Users.Where(u => !string.IsNullOrEmpty(u.Value)).ToFrozenDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal)
            : FrozenDictionary<string, string>.Empty;
        UrlControlAddresses = control.Enabled && control.Ips.Length > 0 && control.Urls.Length > 0 ? control.Ips : null;
        UrlControlPaths = control.Urls;

        TokensEnabled = config.Tokens.Enabled;
        TokensAlive = config.Tokens.AliveEnabled;
        AdminUser = config.AdminUser;
    }

    /// <summary>The configuration this policy was compiled from (compared by reference).</summary>
    public LinkisSecurityConfig Config { get; }

    /// <summary>The user requests without a session act as in test mode, or null when test mode is off.</summary>
    public string? TestUser { get; }

    /// <summary>Whether the IP whitelist is on.</summary>
    public bool WhitelistEnabled { get; }

    /// <summary>The configured whitelist addresses and ranges.</summary>
    public NetworkList WhitelistAddresses { get; }

    /// <summary>The whitelist file as an absolute path, or null.</summary>
    public string? WhitelistFile { get; }

    /// <summary>Whether the referer and the method are validated.</summary>
    public bool ValidateReferer { get; }

    /// <summary>Texts one of which an allowed <c>Referer</c> contains.</summary>
    public IReadOnlyList<string> RefererHosts { get; }

    /// <summary>The per-user address texts (empty when the per-user lists are off).</summary>
    public FrozenDictionary<string, string> UserAddresses { get; }

    /// <summary>The addresses the URL list applies to, or null when the per-IP URL list is off or incomplete.</summary>
    public string? UrlControlAddresses { get; }

    /// <summary>The paths the <see cref="UrlControlAddresses"/> may reach.</summary>
    public string UrlControlPaths { get; }

    /// <summary>Whether token authentication is on.</summary>
    public bool TokensEnabled { get; }

    /// <summary>Whether every token request's ticket is recorded in the session store.</summary>
    public bool TokensAlive { get; }

    /// <summary>The administrator's name.</summary>
    public string AdminUser { get; }

    /// <summary>Compiles <paramref name="config"/>; relative files are taken from <paramref name="contentRoot"/>.</summary>
    public static LinkisAccessPolicy Compile(LinkisSecurityConfig config, string contentRoot, Func<string>? hostName = null) =>
        new(config, contentRoot, hostName ?? Dns.GetHostName);

    /// <summary>Whether <paramref name="path"/> starts with a pass-auth prefix (allowed without login).</summary>
    public bool IsPassAuth(string path)
    {
        foreach (var prefix in _passAuthPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the no-auth pattern matches the whole of <paramref name="path"/>. A match that runs out of time counts
    /// as no match, so a hostile path never gets in by exhausting the pattern.
    /// </summary>
    public bool IsNoAuth(string path, out bool timedOut)
    {
        timedOut = false;
        if (_noAuth is null)
        {
            return false;
        }

        try
        {
            return _noAuth.IsMatch(path);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return false;
        }
    }

    /// <summary>Builds the full-match form of a no-auth pattern; null when it is empty or not a valid pattern.</summary>
    internal static Regex? CompileNoAuth(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            // Java's String.matches: the pattern must match the whole path.
            return new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, RegexDefaults.MatchTimeout);
        }
        catch (ArgumentException)
        {
            // Refused by the validator; a configuration that skipped it lets nothing in anonymously.
            return null;
        }
    }
}

/// <summary>Compiles <see cref="LinkisAccessPolicy"/> once per configuration snapshot; a reload swaps in a new one.</summary>
internal sealed partial class LinkisAccessPolicyCache(ILogger<LinkisAccessPolicyCache> logger, IHostEnvironment? environment = null)
{
    private LinkisAccessPolicy? _current;

    public LinkisAccessPolicy Get(LinkisSecurityConfig config)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Config, config))
        {
            return current;
        }

        // Two requests racing after a reload may both compile; either result is correct and the last one stays.
        var compiled = LinkisAccessPolicy.Compile(config, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        if (compiled.TestUser is { } testUser)
        {
            LogTestMode(logger, testUser);
        }

        Volatile.Write(ref _current, compiled);
        return compiled;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 60, Level = LogLevel.Warning, Message = "Linkis security: test mode is on; every request without a session is logged in as '{TestUser}'. Never use it in production")]
    private static partial void LogTestMode(ILogger logger, string testUser);
}
