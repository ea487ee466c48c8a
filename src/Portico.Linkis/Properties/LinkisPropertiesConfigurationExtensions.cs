using Microsoft.Extensions.Configuration;
using Portico.Configuration.LinkisProperties;

namespace Portico.Configuration;

/// <summary>Adds Linkis properties files to a configuration builder.</summary>
public static class LinkisPropertiesConfigurationExtensions
{
    /// <summary>
    /// Adds the Linkis conf directory <paramref name="directory"/> (its <c>linkis.properties</c> and
    /// <c>linkis-mg-gateway.properties</c>; either may be missing, not both) as a configuration source. Reading it
    /// switches Linkis mode and Linkis security on (<c>portico.linkis.enabled</c>,
    /// <c>portico.linkis-security.enabled</c>) unless a source added later says otherwise. Add it before Portico's own
    /// configuration files so that their keys override the Linkis values.
    /// </summary>
    public static IConfigurationBuilder AddLinkisProperties(this IConfigurationBuilder builder, string directory, bool reloadOnChange = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return builder.Add(new LinkisPropertiesConfigurationSource { Directory = Path.GetFullPath(directory), ReloadOnChange = reloadOnChange });
    }
}
