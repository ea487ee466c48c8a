using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Security.Authentication;

/// <summary>
/// API keys checked against the SHA-256 hashes of the configured clients. The presented key is hashed on the stack
/// and compared with every client's hash in constant time, so neither the match nor its position shows in the timing.
/// A refusal never echoes the key.
/// </summary>
internal sealed class ApiKeyScheme : IAuthenticationScheme
{
    /// <summary>Longest key looked at, in characters; longer ones are refused without hashing.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The claim type of the client's name.</summary>
    public const string ClientClaim = "client";

    /// <summary>The claim type of each granted scope.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>The claim type of each role.</summary>
    public const string RoleClaim = "role";

    private const string Field = "authentication.api-key";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly string _header;
    private readonly string? _queryParameter;
    private readonly string? _clientHeader;
    private readonly bool _stripCredentials;
    private readonly Client[] _clients;
    private readonly AuthenticationOutcome _unknownKey;
    private readonly AuthenticationOutcome _ambiguousKey;

    private ApiKeyScheme(ApiKeyAuthenticationConfig config, Client[] clients)
    {
        _header = config.Header.Trim();
        _queryParameter = string.IsNullOrWhiteSpace(config.QueryParameter) ? null : config.QueryParameter.Trim();
        _clientHeader = string.IsNullOrWhiteSpace(config.ClientHeader) ? null : config.ClientHeader.Trim();
        _stripCredentials = config.StripCredentials;
        _clients = clients;
        Challenge = $"ApiKey header=\"{_header}\"";
        CredentialDescription = _queryParameter is null
            ? $"an API key in the {_header} header"
            : $"an API key in the {_header} header or the {_queryParameter} query parameter";
        _unknownKey = AuthenticationOutcome.Fail("The API key is not valid.", Challenge);
        _ambiguousKey = AuthenticationOutcome.Fail("Send one API key.", Challenge);
    }

    public string Name => AuthenticationSchemeNames.ApiKey;

    public string CredentialDescription { get; }

    public string Challenge { get; }

    /// <summary>The header set to the client's name, or null.</summary>
    public string? ClientHeader => _clientHeader;

    /// <summary>Compiles the settings; null when no client is configured.</summary>
    public static ApiKeyScheme? Compile(ApiKeyAuthenticationConfig config, List<ConfigError> errors)
    {
        if (config.Clients.Count == 0)
        {
            return null;
        }

        var before = errors.Count;
        if (!HeaderValues.IsHeaderName(config.Header.Trim()))
        {
            errors.Add(new ConfigError(null, $"{Field}.header", $"'{config.Header}' is not a valid header name.", "Write a header name such as X-Api-Key."));
        }

        if (config.ClientHeader is { } clientHeader && !string.IsNullOrWhiteSpace(clientHeader) && !HeaderValues.IsHeaderName(clientHeader.Trim()))
        {
            errors.Add(new ConfigError(null, $"{Field}.client-header", $"'{clientHeader}' is not a valid header name.", "Write a header name such as X-Auth-Client."));
        }

        var clients = new List<Client>(config.Clients.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Clients.Count; i++)
        {
            var client = config.Clients[i];
            var at = $"{Field}.clients[{i}]";
            var name = client.Name.Trim();
            if (name.Length == 0 || HeaderValues.Safe(name) != name)
            {
                errors.Add(new ConfigError(null, $"{at}.name", name.Length == 0 ? "is missing." : $"'{name}' has characters outside printable ASCII.", "Name every client with printable ASCII; the name is what upstreams see."));
                continue;
            }

            if (!names.Add(name))
            {
                errors.Add(new ConfigError(null, $"{at}.name", $"'{name}' names more than one client.", "Give every client a unique name."));
            }

            var hashText = client.KeySha256.Trim();
            if (hashText.Length != 64 || hashText.AsSpan().ContainsAnyExcept(HexDigits))
            {
                errors.Add(new ConfigError(null, $"{at}.key-sha256", "is not a SHA-256 in hex (64 hex digits).", "Write the key's SHA-256: printf %s \"$KEY\" | sha256sum."));
                continue;
            }

            if (!hashes.Add(hashText))
            {
                errors.Add(new ConfigError(null, $"{at}.key-sha256", $"is the key of another client as well (client '{name}').", "Give every client its own key."));
            }

            var claims = new List<Claim>(1 + client.Scopes.Count + client.Roles.Count) { new(ClientClaim, name) };
            claims.AddRange(client.Scopes.Select(s => new Claim(ScopeClaim, s.Trim())));
            claims.AddRange(client.Roles.Select(r => new Claim(RoleClaim, r.Trim())));
            clients.Add(new Client(name, Convert.FromHexString(hashText), [.. claims]));
        }

        return errors.Count > before ? null : new ApiKeyScheme(config, [.. clients]);
    }

    public bool HasCredential(HttpRequest request) =>
        request.Headers.ContainsKey(_header) || (_queryParameter is not null && request.QueryString.HasValue && request.Query.ContainsKey(_queryParameter));

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpRequest request)
    {
        var values = request.Headers[_header];
        if (values.Count == 0 && _queryParameter is not null)
        {
            values = request.Query[_queryParameter];
        }

        if (values.Count != 1)
        {
            return new(_ambiguousKey);
        }

        var key = values[0].AsSpan().Trim();
        var client = key.IsEmpty || key.Length > MaxKeyLength ? null : Find(key);
        if (client is null)
        {
            return new(_unknownKey);
        }

        return new(AuthenticationOutcome.Success(new ClaimsIdentity(client.Claims, AuthenticationSchemeNames.ApiKey, ClientClaim, RoleClaim)));
    }

    public bool HasScope(ClaimsIdentity identity, string scope) => identity.HasClaim(ScopeClaim, scope);

    public bool HasRole(ClaimsIdentity identity, string role) => identity.HasClaim(RoleClaim, role);

    public string ForbiddenChallenge(string detail, IReadOnlyList<string> scopes) => Challenge;

    public void OnAuthenticated(HttpRequest request, ClaimsIdentity identity)
    {
        if (_stripCredentials)
        {
            request.Headers.Remove(_header);
            if (_queryParameter is not null && request.QueryString.HasValue)
            {
                request.QueryString = QueryParameters.Remove(request.QueryString, _queryParameter);
            }
        }

        if (_clientHeader is not null)
        {
            request.Headers[_clientHeader] = identity.Name;
        }
    }

    public override string ToString() => "[Authenticate api-key]";

    private Client? Find(ReadOnlySpan<char> key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(key, buffer);
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Every hash is compared, without an early exit, so the time taken does not depend on which client matched.
        Client? match = null;
        foreach (var client in _clients)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, client.KeyHash))
            {
                match = client;
            }
        }

        return match;
    }

    private sealed record Client(string Name, byte[] KeyHash, Claim[] Claims);
}
