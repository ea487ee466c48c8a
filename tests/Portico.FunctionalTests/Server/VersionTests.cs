using System.Diagnostics;
using System.Reflection;

namespace Portico.FunctionalTests.Server;

/// <summary>One product version, from <c>Directory.Build.props</c>, in the executable's output and in every assembly.</summary>
public class VersionTests
{
    private static readonly Assembly Core = typeof(GatewayExchange).Assembly;

    /// <summary>The informational version without the source revision the build appends (<c>0.9.0+abc123</c>).</summary>
    private static string ProductVersion(string informational) => informational.Split('+')[0];

    [Fact]
    public void Assemblies_AgreeOnTheProductVersion()
    {
        var informational = Core.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var server = FileVersionInfo.GetVersionInfo(PorticoProcess.ServerDll);

        Assert.Equal(ProductVersion(informational), Core.GetName().Version!.ToString(3));
        Assert.Equal(ProductVersion(informational), ProductVersion(server.ProductVersion!));
        Assert.Equal(Core.GetName().Version!.ToString(), server.FileVersion);
    }

    [Fact]
    public async Task VersionOption_PrintsTheAssemblyVersion()
    {
        var informational = Core.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        await using var portico = PorticoProcess.Start(["--version"]);

        Assert.Equal(0, await portico.WaitForExitAsync());
        Assert.Equal("portico " + ProductVersion(informational), ProductVersion(portico.Output.Trim()));
    }
}
