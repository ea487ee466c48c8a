using Microsoft.Extensions.Configuration;
using Portico.Configuration;

namespace Portico.Tests.TestSupport;

/// <summary>Reads configuration text the way the gateway does, for unit tests of the reader and builder.</summary>
public static class ConfigText
{
    /// <summary>Parses YAML text into an <see cref="IConfiguration"/>.</summary>
    public static IConfiguration Yaml(string yaml)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        var data = PorticoFileConfigurationProvider.ParseYaml(stream);
        return new ConfigurationBuilder().AddInMemoryCollection(data).Build();
    }

    /// <summary>Reads a <see cref="PorticoConfig"/> from YAML text; problems go to <paramref name="errors"/>.</summary>
    public static PorticoConfig Read(string yaml, List<ConfigError>? errors = null) =>
        PorticoConfigReader.Read(Yaml(yaml), errors ?? [], LinkisModule.ConfigSections);
}
