using System.Text;
using Portico.Configuration;

namespace Portico.Server.Hosting;

/// <summary>Where the gateway's routes come from: a watched file, the embedded default, or the demo's generated YAML.</summary>
internal sealed class GatewayConfigSource
{
    private const string EmbeddedDefaultName = "Portico.Server.Defaults.portico.default.yml";

    private GatewayConfigSource(string description, IConfigurationSource source, ConfigFileStatus? fileStatus)
    {
        Description = description;
        Source = source;
        FileStatus = fileStatus;
    }

    /// <summary>Says where the configuration came from, for the start-up log line.</summary>
    public string Description { get; }

    /// <summary>The configuration layer.</summary>
    public IConfigurationSource Source { get; }

    /// <summary>The health of the watched file, or null when the configuration is not a file on disk.</summary>
    public ConfigFileStatus? FileStatus { get; }

    /// <summary>A YAML or JSON file (by extension), watched for changes.</summary>
    public static GatewayConfigSource FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Configuration file '{full}' does not exist.", full);
        }

        var status = new ConfigFileStatus();
        var source = new ConfigurationBuilder().AddPorticoFile(full, status).Sources[0];
        return new GatewayConfigSource(full, source, status);
    }

    /// <summary>The configuration built into the executable, used when no <c>--config</c> is given.</summary>
    public static GatewayConfigSource EmbeddedDefault()
    {
        using var stream = typeof(GatewayConfigSource).Assembly.GetManifestResourceStream(EmbeddedDefaultName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedDefaultName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return InMemory("the built-in default configuration", "portico.default.yml", copy.ToArray());
    }

    /// <summary>No routes or settings of its own: everything comes from the other layers (a Linkis conf directory).</summary>
    public static GatewayConfigSource Empty() =>
        InMemory("no configuration file", "portico.yml", Encoding.UTF8.GetBytes("# No --config: the settings come from the other layers.\n"));

    /// <summary>YAML text held in memory (the demo's generated routes).</summary>
    public static GatewayConfigSource FromYaml(string description, string yaml) =>
        InMemory(description, "portico.yml", Encoding.UTF8.GetBytes(yaml));

    private static GatewayConfigSource InMemory(string description, string name, byte[] content) =>
        new(description, new PorticoFileConfigurationSource
        {
            FileProvider = new InMemoryFileProvider(name, content),
            Path = name,
            Optional = false,
            ReloadOnChange = false,
        }, null);
}
