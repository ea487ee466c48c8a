using Portico.Security.Linkis;

namespace Portico.Tests.Security.Linkis;

/// <summary>Settings that a test can change between calls.</summary>
internal sealed class TestSecuritySettings(LinkisSecurityConfig config, string? dataDirectory = null) : ILinkisSecuritySettings
{
    public LinkisSecurityConfig Current { get; set; } = config;

    public string DataDirectory { get; set; } = dataDirectory ?? Path.GetTempPath();

    public string ResolvePath(string path) => Path.GetFullPath(path);
}
