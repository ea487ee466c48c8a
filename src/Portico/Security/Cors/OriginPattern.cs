namespace Portico.Security.Cors;

/// <summary>
/// An allowed-origin pattern for the subdomains of a domain, <c>https://*.example.com</c> (optionally with a port):
/// matches <c>https://app.example.com</c> and <c>https://a.b.example.com</c>, never <c>https://example.com</c> or
/// <c>https://evil-example.com</c>.
/// </summary>
internal sealed class OriginPattern
{
    private readonly string _prefix;
    private readonly string _suffix;

    private OriginPattern(string prefix, string suffix)
    {
        _prefix = prefix;
        _suffix = suffix;
    }

    /// <summary>
    /// Validates a configured origin. Returns true with <paramref name="pattern"/> null for an exact origin, or set for a
    /// <c>*.</c> pattern; false with the <paramref name="problem"/> otherwise.
    /// </summary>
    public static bool TryParse(string origin, out OriginPattern? pattern, out string problem)
    {
        pattern = null;
        problem = "";
        var schemeEnd = origin.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            problem = "has no scheme (write https://host).";
            return false;
        }

        var authority = origin[(schemeEnd + 3)..];
        if (authority.Length == 0 || authority.Contains('/', StringComparison.Ordinal) || authority.Contains('?', StringComparison.Ordinal) || authority.Contains('#', StringComparison.Ordinal))
        {
            problem = authority.EndsWith('/') ? "ends with a slash; browsers send origins without one." : "is not an origin (scheme://host[:port], no path).";
            return false;
        }

        var wildcard = authority.StartsWith("*.", StringComparison.Ordinal);
        var host = wildcard ? "x" + authority[1..] : authority;
        if (host.Contains('*', StringComparison.Ordinal) || !Uri.TryCreate(origin[..(schemeEnd + 3)] + host, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0)
        {
            problem = "is not an origin (scheme://host[:port], no path; * only as the first label, as in https://*.example.com).";
            return false;
        }

        if (wildcard)
        {
            var lower = origin.ToLowerInvariant();
            pattern = new OriginPattern(lower[..(schemeEnd + 3)], lower[(schemeEnd + 4)..]);
        }

        return true;
    }

    /// <summary>Whether <paramref name="origin"/> is a subdomain origin this pattern allows.</summary>
    public bool Matches(ReadOnlySpan<char> origin)
    {
        if (origin.Length <= _prefix.Length + _suffix.Length
            || !origin.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase)
            || !origin.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The labels the * stands for: host characters only, so no port, path or user info can sneak in.
        var labels = origin[_prefix.Length..^_suffix.Length];
        foreach (var c in labels)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return labels[0] != '.' && labels[^1] != '.';
    }
}
