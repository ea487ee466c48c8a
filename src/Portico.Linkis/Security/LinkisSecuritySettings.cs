using Microsoft.Extensions.Hosting;
using Portico.Configuration;

namespace Portico.Security.Linkis;

/// <summary>The Linkis security settings in force, read from the configuration in force.</summary>
internal interface ILinkisSecuritySettings
{
    /// <summary>The current settings; read per use so that a reload takes effect.</summary>
    LinkisSecurityConfig Current { get; }

    /// <summary>The gateway's data directory, as an absolute path.</summary>
    string DataDirectory { get; }

    /// <summary>Makes a configured file path absolute (relative paths are taken from the content root).</summary>
    string ResolvePath(string path);
}

/// <summary>
/// Reads <see cref="ILinkisSecuritySettings"/> from the configuration in force (<see cref="IGatewayConfigProvider"/>,
/// which sits below the global filters, so the security filter's services take these settings in their constructors).
/// </summary>
internal sealed class SnapshotLinkisSecuritySettings(IGatewayConfigProvider configs, IHostEnvironment? environment = null) : ILinkisSecuritySettings
{
    public LinkisSecurityConfig Current => configs.Config.LinkisSecurity;

    public string DataDirectory => ResolvePath(configs.Config.DataDirectory);

    public string ResolvePath(string path) =>
        Path.GetFullPath(path, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
}
