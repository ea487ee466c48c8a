using System.Globalization;
using Portico.Discovery;

namespace Portico.Labels;

/// <summary>
/// What the label store accepts, with Linkis's column limits (<c>label_key</c> 32, <c>label_value</c> 128 characters).
/// Each check returns null when the text is acceptable, or a sentence that names the problem and the fix.
/// </summary>
internal static class LabelRules
{
    /// <summary>Longest label key (Linkis's <c>label_key</c> column).</summary>
    public const int MaxKeyLength = 32;

    /// <summary>Longest label value (Linkis's <c>label_value</c> column).</summary>
    public const int MaxValueLength = 128;

    /// <summary>Longest application name.</summary>
    public const int MaxApplicationLength = 128;

    /// <summary>Longest instance (<c>host:port</c>; a DNS name is at most 253 characters).</summary>
    public const int MaxInstanceLength = 260;

    /// <summary>Characters no value may contain: they separate values and labels in requests and label texts.</summary>
    public const string ValueSeparators = ",;=";

    public static string? KeyProblem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "Label key is empty; give a key such as 'route'.";
        }

        if (key.Length > MaxKeyLength)
        {
            return $"Label key '{Shorten(key)}' is {key.Length} characters long; the limit is {MaxKeyLength}.";
        }

        if (!char.IsAsciiLetter(key[0]))
        {
            return $"Label key '{key}' must start with a letter.";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
            {
                return $"Label key '{key}' contains {Describe(c)}; use letters, digits, '_' and '.' only.";
            }
        }

        return null;
    }

    public static string? ValueProblem(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"Label '{key}' has an empty value; give a value, or remove the label.";
        }

        if (value.Length > MaxValueLength)
        {
            return $"The value of label '{key}' is {value.Length} characters long; the limit is {MaxValueLength}.";
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || ValueSeparators.Contains(c, StringComparison.Ordinal))
            {
                return $"The value '{Shorten(value)}' of label '{key}' contains {Describe(c)}; values cannot contain ',', ';', '=', spaces or control characters.";
            }
        }

        return null;
    }

    public static string? ApplicationProblem(string? application)
    {
        if (string.IsNullOrWhiteSpace(application))
        {
            return "The application is empty; give the registry name of the instance's service.";
        }

        if (application.Length > MaxApplicationLength)
        {
            return $"The application name is {application.Length} characters long; the limit is {MaxApplicationLength}.";
        }

        foreach (var c in application)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '/')
            {
                return $"The application '{Shorten(application)}' contains {Describe(c)}; give the registry name of the service.";
            }
        }

        return null;
    }

    public static string? InstanceProblem(string? instance)
    {
        if (string.IsNullOrWhiteSpace(instance))
        {
            return "The instance is empty; give it as host:port, as the registry lists it.";
        }

        if (instance.Length > MaxInstanceLength)
        {
            return $"The instance is {instance.Length} characters long; the limit is {MaxInstanceLength}.";
        }

        var colon = instance.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(instance.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return $"The instance '{Shorten(instance)}' is not host:port (a port from 1 to 65535 after the last ':').";
        }

        foreach (var c in instance)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '?' or '#' or '@')
            {
                return $"The instance '{Shorten(instance)}' contains {Describe(c)}; give it as host:port.";
            }
        }

        return null;
    }

    /// <summary>
    /// Writes <paramref name="instance"/>'s <c>host:port</c> (the form of <see cref="ServiceInstance.Authority"/>) into
    /// <paramref name="buffer"/> without allocating; false when it does not fit.
    /// </summary>
    public static bool TryFormatAuthority(ServiceInstance instance, Span<char> buffer, out int written)
    {
        written = 0;
        var host = instance.Host.AsSpan();
        if (host.Length + 1 > buffer.Length)
        {
            return false;
        }

        host.CopyTo(buffer);
        buffer[host.Length] = ':';
        if (!instance.Port.TryFormat(buffer[(host.Length + 1)..], out var digits, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        written = host.Length + 1 + digits;
        return true;
    }

    private static string Describe(char c) => char.IsWhiteSpace(c) || char.IsControl(c)
        ? $"the character U+{(int)c:X4}"
        : $"'{c}'";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
