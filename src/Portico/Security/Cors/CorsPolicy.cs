using System.Globalization;
using Microsoft.Extensions.Primitives;
using Portico.Configuration;

namespace Portico.Security.Cors;

/// <summary>
/// One compiled CORS policy: origins to match (exact, <c>*</c>, or <c>scheme://*.domain</c> patterns), and the
/// header values the gateway sends, joined once here so answering a request only copies references.
/// </summary>
internal sealed class CorsPolicy
{
    private static readonly string[] DefaultMethods = ["GET", "HEAD", "POST"];
    private static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(30);

    private readonly string[] _origins;
    private readonly OriginPattern[] _patterns;
    private readonly string[] _methods;
    private readonly string[] _headers;

    private CorsPolicy(bool anyOrigin, string[] origins, OriginPattern[] patterns, bool allowCredentials, string[] methods, string[] headers, string? exposedHeaders, string maxAge)
    {
        AnyOrigin = anyOrigin;
        _origins = origins;
        _patterns = patterns;
        AllowCredentials = allowCredentials;
        _methods = methods;
        _headers = headers;
        AnyMethod = methods.Length == 1 && methods[0] == "*";
        AnyHeader = headers.Length == 0 || (headers.Length == 1 && headers[0] == "*");
        AllowMethodsValue = string.Join(", ", methods);
        AllowHeadersValue = string.Join(", ", headers);
        ExposedHeadersValue = exposedHeaders;
        MaxAgeValue = maxAge;
    }

    /// <summary>Whether every origin is allowed (<c>*</c>); then <c>*</c> is sent and responses do not vary by origin.</summary>
    public bool AnyOrigin { get; }

    /// <summary>Whether <c>Access-Control-Allow-Credentials: true</c> is sent; never with <see cref="AnyOrigin"/>.</summary>
    public bool AllowCredentials { get; }

    /// <summary>Whether any method passes a preflight (the requested one is echoed).</summary>
    public bool AnyMethod { get; }

    /// <summary>Whether any request header passes a preflight (the requested ones are echoed).</summary>
    public bool AnyHeader { get; }

    /// <summary>The <c>Access-Control-Allow-Methods</c> value when not <see cref="AnyMethod"/>.</summary>
    public string AllowMethodsValue { get; }

    /// <summary>The <c>Access-Control-Allow-Headers</c> value when not <see cref="AnyHeader"/>.</summary>
    public string AllowHeadersValue { get; }

    /// <summary>The <c>Access-Control-Expose-Headers</c> value, or null.</summary>
    public string? ExposedHeadersValue { get; }

    /// <summary>The <c>Access-Control-Max-Age</c> value in seconds.</summary>
    public string MaxAgeValue { get; }

    /// <summary>Whether responses must carry <c>Vary: Origin</c> (the allowed origin is echoed, so caches must key on it).</summary>
    public bool VaryByOrigin => !AnyOrigin;

    /// <summary>
    /// Compiles <paramref name="config"/>; null when it lists no origins (CORS off). Problems are recorded against
    /// <paramref name="routeId"/> (null for the global settings) and <paramref name="fieldPrefix"/>.
    /// </summary>
    public static CorsPolicy? Compile(CorsConfig config, string? routeId, string fieldPrefix, List<ConfigError> errors)
    {
        if (config.AllowedOrigins.Count == 0)
        {
            return null;
        }

        ConfigError Error(string field, string problem, string fix) => new(routeId, $"{fieldPrefix}.{field}", problem, fix);

        var anyOrigin = false;
        var origins = new List<string>();
        var patterns = new List<OriginPattern>();
        foreach (var raw in config.AllowedOrigins)
        {
            var origin = raw.Trim();
            if (origin == "*")
            {
                anyOrigin = true;
            }
            else if (origin.Equals("null", StringComparison.OrdinalIgnoreCase))
            {
                // Sandboxed frames and file: pages send "null"; allowed only when listed.
                origins.Add("null");
            }
            else if (OriginPattern.TryParse(origin, out var pattern, out var problem))
            {
                if (pattern is null)
                {
                    origins.Add(origin.ToLowerInvariant());
                }
                else
                {
                    patterns.Add(pattern);
                }
            }
            else
            {
                errors.Add(Error("allowed-origins", $"'{raw}' {problem}", "Write origins as scheme://host[:port] with no path or trailing slash (https://app.example.com), https://*.example.com for subdomains, or * alone."));
            }
        }

        if (anyOrigin && (origins.Count > 0 || patterns.Count > 0))
        {
            errors.Add(Error("allowed-origins", "mixes * with listed origins.", "Use * alone to allow every origin, or list the origins."));
        }

        var allowCredentials = config.AllowCredentials ?? !anyOrigin;
        if (anyOrigin && allowCredentials)
        {
            errors.Add(Error("allow-credentials", "is true while allowed-origins is *; browsers reject credentials with a wildcard origin.", "List the origins that may send credentials, or set allow-credentials to false."));
        }

        var methods = ReadTokens(config.AllowedMethods, upper: true, "allowed-methods", Error, errors);
        if (methods.Length == 0)
        {
            methods = DefaultMethods;
        }

        var headers = ReadTokens(config.AllowedHeaders, upper: false, "allowed-headers", Error, errors);
        var exposed = ReadTokens(config.ExposedHeaders, upper: false, "exposed-headers", Error, errors);
        if (allowCredentials && Array.IndexOf(exposed, "*") >= 0)
        {
            errors.Add(Error("exposed-headers", "is * while credentials are allowed; browsers then read * as a header name.", "List the headers to expose."));
        }

        var maxAge = DefaultMaxAge;
        if (config.MaxAge is { } maxAgeText && !TryParseMaxAge(maxAgeText, out maxAge))
        {
            errors.Add(Error("max-age", $"'{maxAgeText}' is not a duration.", "Write seconds (1800) or a duration such as 30m."));
        }

        return new CorsPolicy(
            anyOrigin,
            [.. origins],
            [.. patterns],
            allowCredentials && !anyOrigin,
            methods,
            headers,
            exposed.Length == 0 ? null : string.Join(", ", exposed),
            ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="origin"/> (one <c>Origin</c> header value) may call.</summary>
    public bool IsOriginAllowed(ReadOnlySpan<char> origin)
    {
        if (AnyOrigin)
        {
            return true;
        }

        foreach (var allowed in _origins)
        {
            if (origin.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(origin))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a preflight's <c>Access-Control-Request-Method</c> is allowed.</summary>
    public bool IsMethodAllowed(ReadOnlySpan<char> method)
    {
        if (AnyMethod)
        {
            return true;
        }

        foreach (var allowed in _methods)
        {
            if (method.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every header named in a preflight's <c>Access-Control-Request-Headers</c> is allowed.</summary>
    public bool AreHeadersAllowed(StringValues requested)
    {
        if (AnyHeader)
        {
            return true;
        }

        foreach (var line in requested)
        {
            var span = line.AsSpan();
            foreach (var range in span.Split(','))
            {
                var name = span[range].Trim();
                if (!name.IsEmpty && !IsHeaderListed(name))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool IsHeaderListed(ReadOnlySpan<char> name)
    {
        foreach (var allowed in _headers)
        {
            if (name.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] ReadTokens(IReadOnlyList<string> values, bool upper, string field, Func<string, string, string, ConfigError> error, List<ConfigError> errors)
    {
        var result = new List<string>(values.Count);
        foreach (var raw in values)
        {
            var value = raw.Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (value != "*" && !IsToken(value))
            {
                errors.Add(error(field, $"'{raw}' is not a valid name.", "Write names without spaces or separators, or * alone."));
                continue;
            }

            result.Add(upper ? value.ToUpperInvariant() : value.ToLowerInvariant());
        }

        if (result.Count > 1 && result.Contains("*"))
        {
            errors.Add(error(field, "mixes * with listed names.", "Use * alone, or list the names."));
        }

        return [.. result];
    }

    /// <summary>An RFC 9110 token: the characters allowed in method and header names.</summary>
    private static bool IsToken(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseMaxAge(string text, out TimeSpan maxAge)
    {
        var trimmed = text.Trim();

        // Seconds, as in the header and in Spring's CorsConfiguration; other durations need a unit.
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= int.MaxValue)
        {
            maxAge = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return DurationParser.TryParse(trimmed, out maxAge) && maxAge >= TimeSpan.Zero;
    }
}
