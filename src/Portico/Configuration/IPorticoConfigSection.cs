using Microsoft.Extensions.Configuration;

namespace Portico.Configuration;

/// <summary>
/// A configuration section a module owns (the Linkis mode's <c>linkis</c> and <c>linkis-security</c>): registered in
/// DI, it binds its own keys from the Portico sections into <see cref="PorticoConfig.Sections"/> and may complete the
/// whole configuration once it is read. Its problems go to the same error list as the core's, so an invalid module
/// section is refused, or kept out of a reload, with every other problem.
/// </summary>
public interface IPorticoConfigSection
{
    /// <summary>
    /// The keys under <c>Portico</c> the module reads (e.g. <c>linkis</c>): the core neither binds them nor reports them
    /// as unknown, while a key no one reads is an error naming the nearest valid one.
    /// </summary>
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>
    /// Binds and validates the module's settings from <paramref name="sections"/> (the <c>Portico</c> section and
    /// Spring's aliases, in precedence order) and returns <paramref name="config"/> with them set
    /// (<see cref="PorticoConfig.WithSection{T}"/>); adds every problem to <paramref name="errors"/>.
    /// </summary>
    PorticoConfig Read(PorticoConfig config, IReadOnlyList<IConfigurationSection> sections, List<ConfigError> errors);

    /// <summary>
    /// Runs after every section, the routes and the services are read, in registration order: a module adds or
    /// rewrites what depends on the whole configuration here (Linkis adds its own routes after the configured ones).
    /// </summary>
    PorticoConfig Complete(PorticoConfig config, List<ConfigError> errors) => config;
}
