using Microsoft.Extensions.Configuration;
using Portico.Configuration;
using Portico.Security.Linkis;

namespace Portico.Linkis;

/// <summary>
/// Reads the Linkis mode's two sections, <c>linkis-security</c> and <c>linkis</c>, and checks the first; once the whole
/// configuration is read, adds the Linkis routes after the configured ones (<see cref="LinkisRoutes.Apply"/>).
/// </summary>
internal sealed class LinkisConfigSection : IPorticoConfigSection
{
    public IReadOnlyCollection<string> Keys { get; } = ["linkis-security", "linkis"];

    public PorticoConfig Read(PorticoConfig config, IReadOnlyList<IConfigurationSection> sections, List<ConfigError> errors)
    {
        var security = ConfigSectionBinder.Bind(config.LinkisSecurity, sections, "linkis-security", errors);
        var linkis = ConfigSectionBinder.Bind(config.Linkis, sections, "linkis", errors);
        LinkisSecurityConfigValidator.Validate(security, errors);
        return config.WithSection(security).WithSection(linkis);
    }

    public PorticoConfig Complete(PorticoConfig config, List<ConfigError> errors) => LinkisRoutes.Apply(config, errors);
}
