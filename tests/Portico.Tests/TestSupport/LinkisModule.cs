using Portico.Configuration;
using Portico.Linkis;

namespace Portico.Tests.TestSupport;

/// <summary>The Linkis mode's parts of the configuration reader, for tests that read Linkis settings without a host.</summary>
public static class LinkisModule
{
    /// <summary>The Linkis configuration sections, as <c>AddLinkis()</c> registers them.</summary>
    public static IReadOnlyList<IPorticoConfigSection> ConfigSections { get; } = [new LinkisConfigSection()];
}
