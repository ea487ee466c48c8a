using System.Text;
using Microsoft.AspNetCore.Http;

namespace Portico.Security.Linkis;

/// <summary>
/// Writes the ticket cookies as raw <c>Set-Cookie</c> values: the ticket is standard Base64 and Java backends read
/// it verbatim, so it must not be percent-encoded as ASP.NET's cookie writer would.
/// </summary>
internal static class LinkisCookies
{
    /// <summary>A session cookie (no Max-Age) carrying <paramref name="value"/>.</summary>
    public static string Set(LinkisCookieConfig config, string name, string value, string? host) => Build(config, name, value, host, clear: false);

    /// <summary>A cookie that deletes <paramref name="name"/> (empty value, <c>Max-Age=0</c>).</summary>
    public static string Clear(LinkisCookieConfig config, string name, string? host) => Build(config, name, "", host, clear: true);

    /// <summary>
    /// The cookie domain for <paramref name="host"/> (§4.2): a name of letters, digits and dots starting with a letter
    /// with more than <paramref name="level"/> labels gives <c>.</c> + its last <paramref name="level"/> labels;
    /// <c>host:port</c> gives the host; anything else (addresses, hyphenated or short names) is kept as it is. A host
    /// with characters no host name has gives null (no <c>Domain</c>), so a forged <c>Host</c> cannot add attributes.
    /// </summary>
    public static string? DomainFor(string host, int level)
    {
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or ':' or '[' or ']' or '_'))
            {
                return null;
            }
        }

        if (IsPlainName(host))
        {
            var labels = 1;
            foreach (var c in host)
            {
                if (c == '.')
                {
                    labels++;
                }
            }

            if (level > 0 && labels > level)
            {
                var cut = host.Length;
                for (var found = 0; found < level; found++)
                {
                    cut = host.LastIndexOf('.', cut - 1);
                }

                return host[cut..];
            }

            return host;
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !host.StartsWith('[') && host.IndexOf(':', colon + 1) < 0 ? host[..colon] : host;
    }

    private static bool IsPlainName(string host)
    {
        if (host.Length == 0 || !char.IsAsciiLetter(host[0]))
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static string Build(LinkisCookieConfig config, string name, string value, string? host, bool clear)
    {
        var sb = new StringBuilder(name.Length + value.Length + 64).Append(name).Append('=').Append(value);
        if (clear)
        {
            sb.Append("; Max-Age=0");
        }

        sb.Append("; Path=/");
        if (config.DomainSetup)
        {
            var domain = !string.IsNullOrEmpty(config.Domain) ? config.Domain : string.IsNullOrEmpty(host) ? null : DomainFor(host, config.DomainLevel);
            if (!string.IsNullOrEmpty(domain))
            {
                sb.Append("; Domain=").Append(domain);
            }
        }

        if (config.Secure)
        {
            sb.Append("; Secure");
        }

        if (config.HttpOnly)
        {
            sb.Append("; HttpOnly");
        }

        switch (config.SameSite)
        {
            case SameSiteMode.None:
                sb.Append("; SameSite=None");
                break;
            case SameSiteMode.Lax:
                sb.Append("; SameSite=Lax");
                break;
            case SameSiteMode.Strict:
                sb.Append("; SameSite=Strict");
                break;
        }

        return sb.ToString();
    }
}
