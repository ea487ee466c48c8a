using System.Runtime.CompilerServices;
using Portico.Configuration;

namespace Portico.Server.Hosting;

/// <summary>
/// Whether the executable adds the Linkis mode (<c>AddLinkis()</c>): when a Linkis conf directory is given or the
/// configuration at start-up has a <c>linkis</c> or <c>linkis-security</c> section (under <c>portico</c> or Spring's
/// prefix), switched on or not, so that its settings are read and checked. Decided once, so adding Linkis to a running
/// gateway's file needs a restart; a gateway that never had it does not load the Linkis assembly at all.
/// </summary>
internal static class LinkisSwitch
{
    private static readonly string[] Sections = [PorticoConfigReader.SectionName, "spring:cloud:gateway:server:webflux", "spring:cloud:gateway"];

    /// <summary>Whether <paramref name="configuration"/> has Linkis settings, or a conf directory is given.</summary>
    public static bool IsOn(IConfiguration configuration, string? linkisConf)
    {
        if (linkisConf is not null)
        {
            return true;
        }

        foreach (var name in Sections)
        {
            var section = configuration.GetSection(name);
            if (PorticoConfigReader.Child(section, "linkis") is not null || PorticoConfigReader.Child(section, "linkis-security") is not null)
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

    // The JIT loads an assembly when it compiles a method that names one of its types; kept apart, and never inlined,
    // so that a gateway without Linkis never loads Portico.Linkis.dll.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddLinkis(IServiceCollection services) => services.AddLinkis();
}
