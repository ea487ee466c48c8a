using System.Text;

namespace Portico.Security.Linkis.Passwords;

/// <summary>Distinguished-name helpers.</summary>
internal static class LdapDn
{
    /// <summary>
    /// Escapes a value for use inside an RDN (RFC 4514 §2.4): <c>" + , ; &lt; &gt; \ =</c> get a backslash, as do a
    /// leading <c>#</c> or space and a trailing space; NUL and other control characters become <c>\XX</c>. A user name
    /// therefore cannot add RDNs or change the DN it is put into.
    /// </summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is '"' or '+' or ',' or ';' or '<' or '>' or '\\' or '='
                || (i == 0 && c is '#' or ' ')
                || (i == value.Length - 1 && c == ' ');
            var control = c < 0x20 || c == 0x7F;
            if (!special && !control)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(value.Length + 8).Append(value, 0, i);
            if (control)
            {
                sb.Append('\\').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append('\\').Append(c);
            }
        }

        return sb?.ToString() ?? value;
    }

    /// <summary>The bind name for <paramref name="userName"/>: the format with every <c>%s</c> replaced by the escaped name, or the bare name.</summary>
    public static string BindName(string userNameFormat, string userName) =>
        string.IsNullOrEmpty(userNameFormat) ? userName : userNameFormat.Replace("%s", EscapeValue(userName), StringComparison.Ordinal);
}
