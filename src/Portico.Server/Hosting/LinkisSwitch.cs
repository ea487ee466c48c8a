using System.Runtime.CompilerServices;
using Portico.Configuration;

namespace Portico.Server.Hosting;

/// <summary>
/// Whether the executable adds the Linkis mode (<c>AddLinkis()</c>): when a Linkis conf directory is given or the
/// configuration at start-up switches Linkis or its security on (<c>linkis.enabled</c>, <c>linkis-security.enabled</c>
/// under <c>portico</c> or Spring's prefix). Decided once, so switching Linkis on in a running gateway's file needs a
/// restart; a gateway that never had it does not load the Linkis assembly at all.
/// </summary>
internal static class LinkisSwitch
{
    private static readonly string[] Sections = [PorticoConfigReader.SectionName, "spring:cloud:gateway:server:webflux", "spring:cloud:gateway"];

    /// <summary>Whether <paramref name="configuration"/> switches the Linkis mode or its security on.</summary>
    public static bool IsOn(IConfiguration configuration, string? linkisConf)
    {
        if (linkisConf is not null)
        {
            return true;
        }

        foreach (var name in Sections)
        {
            var section = configuration.GetSection(name);
            if (IsEnabled(section, "linkis") || IsEnabled(section, "linkis-security"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds the Linkis mode when <see cref="IsOn"/> says so.</summary>
    public static void Apply(WebApplicationBuilder builder, string? linkisConf)
    {
        if (IsOn(builder.Configuration, linkisConf))
        {
            AddLinkis(builder.Services);
        }
    }

    // Apart, and never inlined, for the same reason as AddLinkis.

    /// <summary>Adds a Linkis conf directory's settings as a configuration source.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IConfigurationSource PropertiesSource(string directory) =>
        new Portico.Configuration.LinkisProperties.LinkisPropertiesConfigurationSource { Directory = Path.GetFullPath(directory) };

    private static bool IsEnabled(IConfigurationSection portico, string key) =>
        PorticoConfigReader.Child(portico, key) is { } section
        && PorticoConfigReader.Child(section, "enabled")?.Value is { } value
        && bool.TryParse(value.Trim(), out var enabled)
        && enabled;

    // The JIT loads an assembly when it compiles a method that names one of its types; kept apart, and never inlined,
    // so that a gateway without Linkis never loads Portico.Linkis.dll.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddLinkis(IServiceCollection services) => services.AddLinkis();
}
