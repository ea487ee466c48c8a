using Microsoft.Extensions.Primitives;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>Typed readers for arguments the built-in filters share: header names, header values, paths.</summary>
internal static class FilterArgs
{
    /// <summary>The field as an HTTP header name (an RFC 9110 token); records an error when absent or malformed.</summary>
    public static string GetHeaderName(this ComponentArgs args, string field)
    {
        var name = args.GetRequiredString(field).Trim();
        if (name.Length > 0 && !HeaderValues.IsToken(name))
        {
            args.AddError(field, $"'{name}' is not a valid header name.", "Use letters, digits and !#$%&'*+-.^_`|~ only, e.g. X-Request-Id.");
        }

        return name;
    }

    /// <summary>
    /// The field as a header value that may name URI variables (<c>{segment}</c>); records an error when absent or
    /// when it holds a line break or another control character.
    /// </summary>
    public static ValueTemplate GetHeaderValue(this ComponentArgs args, string field, bool required = true)
    {
        var value = required ? args.GetRequiredString(field) : args.GetString(field) ?? string.Empty;
        if (HeaderValues.HasControlCharacter(value))
        {
            args.AddError(field, "contains a line break or another control character.", "Write the header value on one line without control characters.");
        }

        return ValueTemplate.Parse(value);
    }

    /// <summary>The field as an absolute path (starting with '/'); records an error when absent or relative.</summary>
    public static string GetPath(this ComponentArgs args, string field)
    {
        var path = args.GetRequiredString(field).Trim();
        if (path.Length > 0 && path[0] != '/')
        {
            args.AddError(field, $"'{path}' does not start with '/'.", $"Write an absolute path such as '/{path}'.");
        }

        return path;
    }
}

/// <summary>Span checks on header names and values.</summary>
internal static class HeaderValues
{
    /// <summary>Whether <paramref name="value"/> holds a control character other than horizontal tab.</summary>
    public static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a header is absent or all its values are blank (Spring's "missing or blank").</summary>
    public static bool IsMissingOrBlank(StringValues values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is an RFC 9110 token.</summary>
    public static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
