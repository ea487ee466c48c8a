using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Portico.FunctionalTests.Server;

/// <summary>
/// The production executable holds no demo: the demo services (a fake Linkis among them) live in src/Portico.Demo, and
/// <c>portico --demo</c> says where.
/// </summary>
public class ServerWithoutDemoTests
{
    [Fact]
    public void Executable_HoldsNoDemoTypes()
    {
        var demoTypes = TypeNames(PorticoProcess.ServerDll)
            .Where(t => t.StartsWith("Portico.Server.Demo.", StringComparison.Ordinal) || t.StartsWith("Portico.Demo.", StringComparison.Ordinal)
                || t.Contains("LinkisDemo", StringComparison.Ordinal))
            .ToList();

        Assert.True(demoTypes.Count == 0, $"portico.dll holds demo types: {string.Join(", ", demoTypes)}.");
    }

    [Fact]
    public void TypeNames_FindsTheDemoTypesInTheDemoAssembly()
    {
        // The check above would pass vacuously if it could not read type names.
        Assert.Contains("Portico.Demo.LinkisDemoCluster", TypeNames(PorticoProcess.DemoDll));
    }

    [Fact]
    public async Task Demo_ExitsTwoNamingWhereTheDemoLives()
    {
        await using var portico = PorticoProcess.Start(["--demo"]);

        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("./portico.sh --demo", portico.Error, StringComparison.Ordinal);
        Assert.Contains("src/Portico.Demo", portico.Error, StringComparison.Ordinal);
    }

    /// <summary>The full names of the types an assembly defines, read from its metadata without loading it.</summary>
    private static List<string> TypeNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeDefinitions
            .Select(metadata.GetTypeDefinition)
            .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")];
    }
}
