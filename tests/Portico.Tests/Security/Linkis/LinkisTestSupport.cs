using Portico.Security.Linkis;

namespace Portico.Tests.Security.Linkis;

/// <summary>Settings that a test can change between calls.</summary>
internal sealed class TestSecuritySettings(LinkisSecurityConfig config, string? dataDirectory = null) : ILinkisSecuritySettings
{
    public LinkisSecurityConfig Current { get; set; } = config;

    public string DataDirectory { get; set; } = dataDirectory ?? Path.GetTempPath();

    public string ResolvePath(string path) => Path.GetFullPath(path);
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("portico-sec-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
