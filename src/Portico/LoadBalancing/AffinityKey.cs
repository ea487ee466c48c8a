using System.Collections.Concurrent;
using System.Globalization;
using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// How affinity values name instances: <c>host:port</c> in the header (Linkis's <c>FIXED_INSTANCE</c> form), and an
/// opaque key in the cookie, so sticky sessions do not show clients the addresses of internal instances.
/// </summary>
internal static class AffinityKey
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    // Service ids come from route URIs, never from clients, so this cache stays small.
    private static readonly ConcurrentDictionary<string, string> DefaultCookieNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The cookie name of a service: configured, or <c>portico-affinity-&lt;service-id&gt;</c>.</summary>
    public static string CookieName(string serviceId, AffinityConfig affinity) =>
        affinity.CookieName is { Length: > 0 } configured
            ? configured
            : DefaultCookieNames.GetOrAdd(serviceId, static id => "portico-affinity-" + id.ToLowerInvariant());

    /// <summary>Parses <c>host:port</c> or <c>[v6-address]:port</c>; the host comes back without brackets.</summary>
    public static bool TryParseAuthority(ReadOnlySpan<char> text, out ReadOnlySpan<char> host, out int port)
    {
        host = default;
        port = 0;
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        if (host[0] == '[')
        {
            if (host.Length < 3 || host[^1] != ']')
            {
                return false;
            }

            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            // An unbracketed IPv6 address is ambiguous with its port.
            return false;
        }

        foreach (var c in host)
        {
            if (char.IsWhiteSpace(c) || c is '/' or '@' or '[' or ']' or '?' or '#')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="instance"/> listens on <paramref name="host"/>:<paramref name="port"/> (host case-insensitive, brackets ignored).</summary>
    public static bool Matches(ServiceInstance instance, ReadOnlySpan<char> host, int port)
    {
        if (instance.Port != port)
        {
            return false;
        }

        var instanceHost = instance.Host.AsSpan();
        if (instanceHost.Length > 2 && instanceHost[0] == '[' && instanceHost[^1] == ']')
        {
            instanceHost = instanceHost[1..^1];
        }

        return instanceHost.Equals(host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The cookie key of an instance: FNV-1a 64 of its instance id.</summary>
    public static ulong CookieKey(ServiceInstance instance)
    {
        var hash = FnvOffset;
        foreach (var c in instance.InstanceId)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        return hash;
    }

    /// <summary>The cookie value for an instance: its key as 16 lower-case hex digits.</summary>
    public static string FormatCookie(ServiceInstance instance) => CookieKey(instance).ToString("x16", CultureInfo.InvariantCulture);

    public static bool TryParseCookie(ReadOnlySpan<char> text, out ulong key)
    {
        key = 0;
        return text.Length == 16 && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key);
    }
}
