using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// What a token's fields may hold. The checks refuse values that Linkis would store but that could never work (a
/// host name where the client's IP address is compared, a space after a comma, a token that cannot travel in a cookie),
/// so that a mistake shows when the token is written rather than as a 401 later.
/// </summary>
internal static class TokenRules
{
    public const int MaxNameLength = 128;
    public const int MaxListLength = 4096;
    public const int MaxOwnerLength = 128;
    public const long MaxElapseDay = 36_500;

    public static LinkisTokenError? CheckName(string name)
    {
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            return Invalid(LinkisTokenFields.Name, $"must have 1 to {MaxNameLength} characters; write a label such as dss-prod.");
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return Invalid(LinkisTokenFields.Name, $"'{name}' must start with a letter or a digit.");
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return Invalid(LinkisTokenFields.Name, $"'{name}' may hold only letters, digits, '.', '_' and '-'.");
            }
        }

        return null;
    }

    public static LinkisTokenError? CheckValue(string value)
    {
        if (value.Length == 0 || value.Length > TokenHasher.MaxTokenLength)
        {
            return Invalid(LinkisTokenFields.Token, $"must have 1 to {TokenHasher.MaxTokenLength} characters; leave it out to have a random token generated.");
        }

        foreach (var c in value)
        {
            // The token travels as a header value and as a cookie value: visible ASCII without cookie separators.
            if (c is < '!' or > '~' or '"' or ',' or ';' or '\\')
            {
                return Invalid(LinkisTokenFields.Token, "may hold only visible ASCII characters other than \" , ; \\ (it is sent in headers and cookies).");
            }
        }

        if (LinkisTokenMask.LooksMasked(value))
        {
            return Invalid(LinkisTokenFields.Token, $"ends with '{LinkisTokenMask.Suffix}', the mark of a masked token; send the token itself, or leave it out to keep the current one.");
        }

        return null;
    }

    public static LinkisTokenError? CheckUsers(string users)
    {
        if (ListProblem(users, LinkisTokenFields.LegalUsers, "alice,bob") is { } problem)
        {
            return problem;
        }

        foreach (var entry in users.Split(','))
        {
            foreach (var c in entry)
            {
                if (char.IsControl(c))
                {
                    return Invalid(LinkisTokenFields.LegalUsers, "must not hold control characters.");
                }
            }
        }

        return null;
    }

    /// <summary>Checks the hosts and writes every address in its canonical form (e.g. <c>::1</c>), as clients' addresses are written.</summary>
    public static LinkisTokenError? CheckHosts(string hosts, out string normalized)
    {
        normalized = hosts;
        if (ListProblem(hosts, LinkisTokenFields.LegalHosts, "10.0.0.5,10.0.0.6") is { } problem)
        {
            return problem;
        }

        var builder = new StringBuilder(hosts.Length);
        foreach (var entry in hosts.Split(','))
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            if (entry == "*")
            {
                builder.Append('*');
                continue;
            }

            if (!TryParseAddress(entry, out var address))
            {
                return Invalid(LinkisTokenFields.LegalHosts, $"entry '{entry}' is not an IP address; the client's address is compared, so write addresses such as 10.0.0.5 or ::1, or * for any.");
            }

            builder.Append(address.ToString());
        }

        normalized = builder.ToString();
        return null;
    }

    public static LinkisTokenError? CheckOwner(string owner)
    {
        if (string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength)
        {
            return Invalid(LinkisTokenFields.BusinessOwner, $"must have 1 to {MaxOwnerLength} characters; leave it out for BDP.");
        }

        foreach (var c in owner)
        {
            if (char.IsControl(c))
            {
                return Invalid(LinkisTokenFields.BusinessOwner, "must not hold control characters.");
            }
        }

        return null;
    }

    public static LinkisTokenError? CheckElapseDay(long days) =>
        days == LinkisToken.Forever || days is >= 1 and <= MaxElapseDay
            ? null
            : Invalid(LinkisTokenFields.ElapseDay, string.Create(CultureInfo.InvariantCulture, $"is {days}; write 1 to {MaxElapseDay} days, or -1 for a token that never expires."));

    private static LinkisTokenError? ListProblem(string list, string field, string example)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return Invalid(field, $"must not be blank; write * for any, or a comma-separated list such as {example}.");
        }

        if (list.Length > MaxListLength)
        {
            return Invalid(field, $"is longer than {MaxListLength} characters.");
        }

        foreach (var entry in list.Split(','))
        {
            if (entry.Length == 0)
            {
                return Invalid(field, $"'{list}' has an empty entry; write a comma-separated list such as {example}.");
            }

            if (char.IsWhiteSpace(entry[0]) || char.IsWhiteSpace(entry[^1]))
            {
                // Linkis compares entries exactly, so ' bob' would never match bob.
                return Invalid(field, $"entry '{entry}' has spaces around it, and entries are compared exactly; write a list without spaces, such as {example}.");
            }
        }

        return null;
    }

    // Strict literals only: IPAddress.TryParse also takes legacy IPv4 forms such as "127.1" that no client address has.
    private static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0)
            {
                return false;
            }

            address = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var octets = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            // No leading zeros: some parsers read them as octal, and no client address is written with them.
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out octets[i]))
            {
                return false;
            }
        }

        address = new IPAddress(octets);
        return true;
    }

    private static LinkisTokenError Invalid(string field, string message) => new(LinkisTokenErrorKind.Invalid, field, message);
}
