using Portico.Configuration;

namespace Portico.Security.Linkis.Tickets;

/// <summary>
/// Linkis's crypt-key rule: a key must be set, be at least 16 characters long and differ from the old public default
/// <c>bdp-for-server</c>, unless insecure keys are explicitly allowed.
/// </summary>
internal static class CryptKeyPolicy
{
    /// <summary>Linkis's former default key, known to everyone.</summary>
    public const string LegacyDefaultKey = "bdp-for-server";

    public const int MinLength = 16;

    private const string Field = "linkis-security.crypt-key";

    /// <summary>Returns the key to use, or null after adding the reason to <paramref name="errors"/>.</summary>
    public static string? Resolve(LinkisSecurityConfig config, List<ConfigError> errors, out bool insecure)
    {
        var key = config.CryptKey;
        insecure = string.IsNullOrEmpty(key) || key.Length < MinLength || key == LegacyDefaultKey;
        if (!insecure)
        {
            return key;
        }

        if (config.AllowInsecureCryptKey)
        {
            return string.IsNullOrEmpty(key) ? LegacyDefaultKey : key;
        }

        var problem = string.IsNullOrEmpty(key)
            ? "is not set, so Linkis session tickets can be neither issued nor read."
            : key == LegacyDefaultKey
                ? "is Linkis's old public default, with which anyone can forge a session for any user."
                : $"has {key.Length} characters; at least {MinLength} are required.";
        errors.Add(new ConfigError(
            null,
            Field,
            problem,
            $"Set {Field} to the wds.linkis.crypt.key shared with your Linkis backends (at least {MinLength} random characters), "
            + "or, for a throw-away test installation only, set linkis-security.allow-insecure-crypt-key: true."));
        return null;
    }
}
