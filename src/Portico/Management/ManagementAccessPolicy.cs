using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Portico.Configuration;

using Portico.Security.Networks;

namespace Portico.Management;

/// <summary>
/// The compiled form of <see cref="ManagementOptions"/>: parsed networks and hashed secrets. Secrets are compared as
/// SHA-256 digests with a fixed-time comparison, so neither their content nor their length leaks through timing.
/// </summary>
internal sealed class ManagementAccessPolicy
{
    private readonly NetworkList _networks;
    private readonly byte[]? _username;
    private readonly byte[]? _password;
    private readonly byte[]? _token;

    private ManagementAccessPolicy(ManagementOptions options, NetworkList networks)
    {
        Options = options;
        Port = options.Port;
        _networks = networks;
        if (!string.IsNullOrEmpty(options.Username))
        {
            _username = Digest(options.Username);
            _password = Digest(options.Password ?? "");
        }

        if (!string.IsNullOrEmpty(options.Token))
        {
            _token = Digest(options.Token);
        }
    }

    public ManagementOptions Options { get; }

    /// <summary>The management port, or null when the endpoints answer on every port.</summary>
    public int? Port { get; }

    /// <summary>Whether state-changing endpoints need credentials.</summary>
    public bool RequiresCredentials => _username is not null || _token is not null;

    /// <summary>The <c>WWW-Authenticate</c> challenges for the configured schemes.</summary>
    public string[] Challenges => (_username, _token) switch
    {
        (not null, not null) => [BasicChallenge, BearerChallenge],
        (not null, null) => [BasicChallenge],
        _ => [BearerChallenge],
    };

    /// <summary>A readable summary of who is let in, for the start-up log.</summary>
    public string NetworkSummary =>
        !_networks.IsEmpty ? _networks.ToString() : Port is null ? "loopback" : "any client of the management port";

    private const string BasicChallenge = "Basic realm=\"Portico management\", charset=\"UTF-8\"";
    private const string BearerChallenge = "Bearer realm=\"Portico management\"";

    /// <summary>Reads the options from <c>Portico:Management</c>; missing section means defaults.</summary>
    public static ManagementOptions ReadOptions(IConfiguration? configuration)
    {
        var section = configuration?.GetSection(ManagementOptions.SectionName);
        if (section is null || !section.Exists())
        {
            return new ManagementOptions();
        }

        var errors = new List<ConfigError>();
        var options = SettingsBinder.Bind(new ManagementOptions(), [section], "portico.management", errors);
        return errors.Count > 0 ? throw new PorticoConfigException(errors) : options;
    }

    /// <summary>Validates <paramref name="options"/>; throws with every problem named when they are invalid.</summary>
    public static ManagementAccessPolicy Create(ManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ConfigError>();
        if (options.Port is { } port && (port < 1 || port > 65535))
        {
            errors.Add(new ConfigError(null, "portico.management.port", $"{port} is not a TCP port.", "Use a port between 1 and 65535, and make Kestrel listen on it."));
        }

        var networks = NetworkList.Parse(options.AllowedNetworks, (i, text, problem) =>
            errors.Add(new ConfigError(null, $"portico.management.allowed-networks[{i}]", $"'{text.Trim()}' {problem}", "Write CIDR such as 10.0.0.0/8 or fd00::/8, or a single address.")));

        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            errors.Add(new ConfigError(null, "portico.management.username", "is set without a password, or a password without a user name.", "Set both username and password, or neither."));
        }

        return errors.Count > 0 ? throw new PorticoConfigException(errors) : new ManagementAccessPolicy(options, networks);
    }

    /// <summary>Whether the request arrived on the management port (always true when none is set).</summary>
    public bool IsOnManagementPort(HttpContext context) => Port is not { } port || context.Connection.LocalPort == port;

    /// <summary>Whether the client's address is let in to read the endpoints.</summary>
    public bool IsClientAllowed(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        if (!_networks.IsEmpty)
        {
            return _networks.Contains(remote);
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return Port is not null || IPAddress.IsLoopback(remote);
    }

    /// <summary>Whether the request carries valid Basic credentials or a valid bearer token (true when none are configured).</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        if (!RequiresCredentials)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (_token is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return CryptographicOperations.FixedTimeEquals(Digest(header.AsSpan(7).Trim()), _token);
        }

        if (_username is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return IsValidBasic(header.AsSpan(6).Trim());
        }

        return false;
    }

    private bool IsValidBasic(ReadOnlySpan<char> encoded)
    {
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // Both halves are always compared, so the time taken does not tell which one was wrong.
        var userOk = CryptographicOperations.FixedTimeEquals(Digest(decoded.AsSpan(0, colon)), _username);
        var passwordOk = CryptographicOperations.FixedTimeEquals(Digest(decoded.AsSpan(colon + 1)), _password);
        return userOk & passwordOk;
    }

    private static byte[] Digest(ReadOnlySpan<char> text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        return SHA256.HashData(bytes);
    }
}
