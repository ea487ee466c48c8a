using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using YamlDotNet.RepresentationModel;

namespace Portico.Configuration;

/// <summary>
/// The health of a watched configuration file: whether its last read succeeded and why not. A file that fails to
/// parse on reload keeps its previous values, and the reload manager keeps the last good configuration.
/// </summary>
public sealed class ConfigFileStatus
{
    private volatile string? _error;

    /// <summary>The file's path.</summary>
    public string? Path { get; internal set; }

    /// <summary>Why the last read failed, or null when it succeeded.</summary>
    public string? Error => _error;

    internal void Succeeded() => _error = null;

    internal void Failed(string error) => _error = error;
}

/// <summary>A configuration source for a Portico file in YAML (<c>.yml</c>, <c>.yaml</c>) or JSON, watched for changes.</summary>
public sealed class PorticoFileConfigurationSource : FileConfigurationSource
{
    /// <summary>Receives the outcome of every read.</summary>
    public ConfigFileStatus Status { get; init; } = new();

    /// <inheritdoc />
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        OnLoadException ??= ctx =>
        {
            // Only reloads are forgiven (a file deleted mid-edit, say); a bad file at start-up must stop the process.
            if (ctx.Provider is PorticoFileConfigurationProvider { HasLoaded: true })
            {
                Status.Failed(ctx.Exception.Message);
                ctx.Ignore = true;
            }
        };
        return new PorticoFileConfigurationProvider(this);
    }
}

/// <summary>Parses YAML or JSON files into configuration keys. On a failed reload the previous keys are kept.</summary>
public sealed class PorticoFileConfigurationProvider(PorticoFileConfigurationSource source) : FileConfigurationProvider(source)
{
    private readonly PorticoFileConfigurationSource _source = source;

    internal bool HasLoaded { get; private set; }

    /// <inheritdoc />
    public override void Load()
    {
        _source.Status.Path = _source.Path;
        try
        {
            base.Load();
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            _source.Status.Failed(ex.InnerException?.Message ?? ex.Message);
            throw;
        }
    }

    /// <inheritdoc />
    public override void Load(Stream stream)
    {
        Dictionary<string, string?> data;
        try
        {
            var isJson = _source.Path?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true;
            data = isJson ? ParseJson(stream) : ParseYaml(stream);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or JsonException or FormatException)
        {
            var message = $"{_source.Path}: {ex.Message}";
            _source.Status.Failed(message);
            if (!HasLoaded)
            {
                throw new FormatException(message, ex);
            }

            // Keep the previous keys: a half-saved or broken file must not take routes away.
            return;
        }

        Data = data;
        HasLoaded = true;
        _source.Status.Succeeded();
    }

    internal static Dictionary<string, string?> ParseYaml(Stream stream)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        if (yaml.Documents.Count > 0)
        {
            VisitYaml(yaml.Documents[0].RootNode, "", data);
        }

        return data;
    }

    private static void VisitYaml(YamlNode node, string prefix, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var k = ((YamlScalarNode)key).Value ?? "";

                    // Spring-style dotted keys (spring.cloud.gateway.routes) are nested paths.
                    k = k.Replace('.', ':');
                    VisitYaml(value, prefix.Length == 0 ? k : prefix + ":" + k, data);
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    VisitYaml(seq.Children[i], prefix + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), data);
                }

                break;
            case YamlScalarNode scalar:
                data[prefix] = scalar.Value is "~" or "null" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : scalar.Value;
                break;
        }
    }

    internal static Dictionary<string, string?> ParseJson(Stream stream)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        VisitJson(doc.RootElement, "", data);
        return data;
    }

    private static void VisitJson(JsonElement element, string prefix, Dictionary<string, string?> data)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    VisitJson(p.Value, prefix.Length == 0 ? p.Name : prefix + ":" + p.Name, data);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    VisitJson(item, prefix + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), data);
                    i++;
                }

                break;
            case JsonValueKind.Null:
                data[prefix] = null;
                break;
            case JsonValueKind.String:
                data[prefix] = element.GetString();
                break;
            default:
                data[prefix] = element.GetRawText();
                break;
        }
    }
}

/// <summary>Adds Portico configuration files to a configuration builder.</summary>
public static class PorticoFileConfigurationExtensions
{
    /// <summary>
    /// Adds a YAML or JSON file (by extension), watched for changes. <paramref name="status"/> reports failed reads so
    /// that a broken edit keeps the last good configuration.
    /// </summary>
    public static IConfigurationBuilder AddPorticoFile(this IConfigurationBuilder builder, string path, ConfigFileStatus? status = null, bool optional = false, bool reloadOnChange = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        return builder.Add(new PorticoFileConfigurationSource
        {
            FileProvider = Directory.Exists(directory) ? new PhysicalFileProvider(directory) : null,
            Path = System.IO.Path.GetFileName(full),
            Optional = optional,
            ReloadOnChange = reloadOnChange,
            ReloadDelay = 200,
            Status = status ?? new ConfigFileStatus(),
        });
    }
}
