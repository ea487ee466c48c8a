using Microsoft.Extensions.Configuration;

namespace Portico.Configuration;

/// <summary>
/// Binds a module's settings record the way the core binds its own (relaxed names, Spring's value formats, errors
/// collected with their <c>section.field</c> path), for <see cref="IPorticoConfigSection"/> implementations.
/// </summary>
public static class ConfigSectionBinder
{
    /// <summary>
    /// Binds the child <paramref name="key"/> (such as <c>linkis-security</c>) of each of <paramref name="sections"/>
    /// onto a copy of <paramref name="defaults"/>; returns <paramref name="defaults"/> when no section has the key.
    /// </summary>
    public static T Bind<T>(T defaults, IReadOnlyList<IConfigurationSection> sections, string key, List<ConfigError> errors)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(errors);
        var found = sections.Select(s => PorticoConfigReader.Child(s, key)).Where(s => s is not null).Select(s => s!).ToList();
        return found.Count == 0 ? defaults : SettingsBinder.BindCopy(defaults, found, key, errors);
    }
}
