using Microsoft.Extensions.Configuration;

namespace Portico.Configuration.LinkisProperties;

/// <summary>
/// A configuration source that reads an Apache Linkis conf directory (<c>linkis.properties</c> and
/// <c>linkis-mg-gateway.properties</c>) and presents the Linkis gateway settings it finds as Portico settings, so that
/// Portico can replace <c>linkis-mg-gateway</c> with the installation's own files. Add it below Portico's own sources:
/// their keys override it. Malformed values are reported, with file, line and key, by the gateway's configuration
/// validation.
/// </summary>
public sealed class LinkisPropertiesConfigurationSource : IConfigurationSource
{
    /// <summary>The Linkis conf directory.</summary>
    public required string Directory { get; init; }

    /// <summary>Re-reads the files when they change; the gateway then applies the result as it does any configuration edit.</summary>
    public bool ReloadOnChange { get; init; } = true;

    /// <summary>How long to wait after a change before reading, so that an editor's several writes count as one.</summary>
    public TimeSpan ReloadDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LinkisPropertiesConfigurationProvider(this);
}
