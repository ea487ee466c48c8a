using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Portico.Security.Networks;

using Portico.Logging;

namespace Portico.Discovery;

/// <summary>
/// Decides who may read and write the registry (see <see cref="RegistryAccessConfig"/>): registering is a privilege,
/// since whoever can register an instance can draw an application's traffic. A refused request changes nothing.
/// The gateway's other admin APIs that change routing state share these rules: map their handlers through
/// <see cref="Guard"/>.
/// </summary>
internal sealed partial class RegistryAccess(Func<DiscoveryConfig> config, ILogger<RegistryAccess> logger, TimeProvider? time = null)
{
    // A client can repeat a refused request at will: one line per access and decision per interval, with the count held back.
    private readonly LogRateLimiter _refusalLog = new(time ?? TimeProvider.System);

    public const string Realm = "portico-registry";

    private Rules? _rules;

    internal enum Decision
    {
        Allowed,
        CredentialsRequired,
        Forbidden,
    }

    /// <summary>
    /// Wraps an admin API handler so it runs only for requests the <c>discovery.access</c> rules let through: from
    /// loopback or a trusted network (reads also from a read network), with the configured basic credentials when there
    /// are any. GET and HEAD are reads; every other method is a write. A refused request is answered 401 or 403
    /// (<c>application/problem+json</c>) and the handler does not run.
    /// </summary>
    public RequestDelegate Guard(RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async context =>
        {
            if (await AuthorizeAsync(context, IsWrite(context.Request.Method)))
            {
                await handler(context);
            }
        };
    }

    /// <summary>Whether a request with <paramref name="method"/> changes state (anything but GET and HEAD).</summary>
    public static bool IsWrite(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);

    /// <summary>Checks the request; when refused, writes the 401 or 403 problem and returns false.</summary>
    public async ValueTask<bool> AuthorizeAsync(HttpContext context, bool write)
    {
        var decision = Check(context, write);
        if (decision == Decision.Allowed)
        {
            return true;
        }

        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_refusalLog.TryAcquire(write ? "write " + decision : "read " + decision, out var heldBack))
        {
            LogRefused(logger, write ? "write" : "read", context.Request.Method, context.Request.Path.Value ?? "", remote, decision.ToString(), heldBack);
        }

        if (decision == Decision.CredentialsRequired)
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "This API requires the HTTP basic credentials of discovery.access; Eureka clients put them in the service URL (http://user:password@host/eureka/).", null);
            return false;
        }

        var detail = write
            ? "Changes are allowed only from trusted sources (loopback or discovery.access.trusted-networks, with the configured credentials)."
            : "Reads are allowed only from loopback or discovery.access.trusted-networks / read-networks, with the configured credentials.";
        await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status403Forbidden, detail, null);
        return false;
    }

    public Decision Check(HttpContext context, bool write)
    {
        var rules = CurrentRules();
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !rules.NetworkAllows(remote, write))
        {
            return Decision.Forbidden;
        }

        if (rules.UserHash is null)
        {
            return Decision.Allowed;
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Decision.CredentialsRequired;
        }

        return rules.CredentialsMatch(authorization) ? Decision.Allowed : Decision.Forbidden;
    }

    private Rules CurrentRules()
    {
        var access = config().Access;
        var rules = Volatile.Read(ref _rules);
        if (rules is null || !ReferenceEquals(rules.Source, access))
        {
            rules = new Rules(access);
            Volatile.Write(ref _rules, rules);
        }

        return rules;
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 30, Level = LogLevel.Warning, Message = "Refused admin {Access} {Method} {Path} from {RemoteAddress}: {Reason} ({HeldBack} more not logged since the last)")]
    private static partial void LogRefused(ILogger logger, string access, string method, string path, string remoteAddress, string reason, long heldBack);

    /// <summary>The access settings parsed once per configuration.</summary>
    private sealed class Rules
    {
        private readonly NetworkList _trusted;
        private readonly NetworkList _read;
        private readonly bool _allowLoopback;
        private readonly byte[]? _passwordHash;

        public Rules(RegistryAccessConfig access)
        {
            Source = access;
            // Invalid entries were reported when the configuration was read; such a configuration never gets here.
            _trusted = NetworkList.Parse(access.TrustedNetworks, static (_, _, _) => { });
            _read = NetworkList.Parse(access.ReadNetworks, static (_, _, _) => { });
            _allowLoopback = access.AllowLoopback;
            if (access.Username.Length > 0)
            {
                UserHash = SHA256.HashData(Encoding.UTF8.GetBytes(access.Username));
                _passwordHash = SHA256.HashData(Encoding.UTF8.GetBytes(access.Password));
            }
        }

        public RegistryAccessConfig Source { get; }

        public byte[]? UserHash { get; }

        public bool NetworkAllows(IPAddress remote, bool write)
        {
            if (remote.IsIPv4MappedToIPv6)
            {
                remote = remote.MapToIPv4();
            }

            if (_allowLoopback && IPAddress.IsLoopback(remote))
            {
                return true;
            }

            return _trusted.Contains(remote) || (!write && _read.Contains(remote));
        }

        public bool CredentialsMatch(string authorization)
        {
            const string Prefix = "Basic ";
            if (!authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[Prefix.Length..].Trim()));
            }
            catch (FormatException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            // Compare hashes in constant time so neither the user name nor the password leaks through timing.
            var user = SHA256.HashData(Encoding.UTF8.GetBytes(decoded[..colon]));
            var password = SHA256.HashData(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));
            return CryptographicOperations.FixedTimeEquals(user, UserHash) & CryptographicOperations.FixedTimeEquals(password, _passwordHash);
        }
    }
}
