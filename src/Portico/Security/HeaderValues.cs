namespace Portico.Security;

/// <summary>Checks and encodings for header names and values the gateway writes from configuration or identities.</summary>
internal static class HeaderValues
{
    /// <summary>Whether <paramref name="name"/> is an RFC 9110 token, i.e. a valid header name.</summary>
    public static bool IsHeaderName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="value"/> when it is printable ASCII, otherwise percent-encoded UTF-8, so a claim can neither
    /// split a header nor be mangled by a Latin-1 encoder.
    /// </summary>
    public static string Safe(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return Uri.EscapeDataString(value);
            }
        }

        return value;
    }
}
