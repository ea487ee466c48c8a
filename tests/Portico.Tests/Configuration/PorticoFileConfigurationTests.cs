using Microsoft.Extensions.Configuration;
using Portico.Configuration;

namespace Portico.Tests.Configuration;

public sealed class PorticoFileConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("portico-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Json_And_Yaml_ProduceTheSameKeys()
    {
        var yaml = Path.Combine(_dir, "a.yml");
        var json = Path.Combine(_dir, "a.json");
        File.WriteAllText(yaml, "portico:\n  routes:\n    - id: r\n      predicates:\n        - Path=/a/**\n");
        File.WriteAllText(json, """{ "portico": { "routes": [ { "id": "r", "predicates": [ "Path=/a/**" ] } ] } }""");
        var fromYaml = new ConfigurationBuilder().AddPorticoFile(yaml, reloadOnChange: false).Build();
        var fromJson = new ConfigurationBuilder().AddPorticoFile(json, reloadOnChange: false).Build();
        Assert.Equal("Path=/a/**", fromYaml["portico:routes:0:predicates:0"]);
        Assert.Equal(fromYaml["portico:routes:0:predicates:0"], fromJson["portico:routes:0:predicates:0"]);
    }

    [Fact]
    public void BrokenFile_AtStartup_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_dir, "bad.yml");
        File.WriteAllText(path, "portico:\n  routes: [ unclosed\n");
        var status = new ConfigFileStatus();
        var ex = Assert.ThrowsAny<Exception>(() => new ConfigurationBuilder().AddPorticoFile(path, status, reloadOnChange: false).Build());
        Assert.Contains("bad.yml", ex.ToString(), StringComparison.Ordinal);
        Assert.NotNull(status.Error);
    }

    [Fact]
    public void BrokenFile_OnReload_KeepsPreviousKeysAndReportsError()
    {
        var path = Path.Combine(_dir, "c.yml");
        File.WriteAllText(path, "portico:\n  routes:\n    - id: kept\n");
        var status = new ConfigFileStatus();
        var root = new ConfigurationBuilder().AddPorticoFile(path, status, reloadOnChange: false).Build();
        File.WriteAllText(path, "portico:\n  routes: [ unclosed\n");
        root.Reload();
        Assert.Equal("kept", root["portico:routes:0:id"]);
        Assert.Contains("c.yml", status.Error, StringComparison.Ordinal);

        File.WriteAllText(path, "portico:\n  routes:\n    - id: fixed\n");
        root.Reload();
        Assert.Equal("fixed", root["portico:routes:0:id"]);
        Assert.Null(status.Error);
    }

    [Fact]
    public void MissingFile_AtStartup_Throws()
    {
        Assert.ThrowsAny<Exception>(() => new ConfigurationBuilder().AddPorticoFile(Path.Combine(_dir, "nope.yml"), reloadOnChange: false).Build());
    }
}
