using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Portico.Configuration.LinkisProperties;

/// <summary>
/// Reads <c>linkis.properties</c> and then <c>linkis-mg-gateway.properties</c> from a Linkis conf directory (Linkis's
/// own order, so the gateway file wins) and serves the translated Portico keys. Problems are kept for
/// <see cref="PorticoConfigReader"/> rather than thrown, so that all of them are reported together with the rest of the
/// configuration's; on a reload they keep the last good configuration in force.
/// </summary>
internal sealed class LinkisPropertiesConfigurationProvider : ConfigurationProvider, IConfigurationErrorSource, IDisposable
{
    /// <summary>The file every Linkis service reads.</summary>
    public const string CommonFile = "linkis.properties";

    /// <summary>The gateway's own file, read after <see cref="CommonFile"/>.</summary>
    public const string GatewayFile = "linkis-mg-gateway.properties";

    private readonly LinkisPropertiesConfigurationSource _source;
    private readonly PhysicalFileProvider? _watcher;
    private readonly IDisposable? _watch;
    private volatile IReadOnlyList<ConfigError> _errors = [];
    private volatile LinkisPropertiesReport _report;
    private int _reloadPending;

    public LinkisPropertiesConfigurationProvider(LinkisPropertiesConfigurationSource source)
    {
        _source = source;
        _report = LinkisPropertiesReport.Empty(source.Directory);
        if (source.ReloadOnChange && System.IO.Directory.Exists(source.Directory))
        {
            _watcher = new PhysicalFileProvider(source.Directory);
            _watch = ChangeToken.OnChange(
                () => new CompositeChangeToken([_watcher.Watch(CommonFile), _watcher.Watch(GatewayFile)]),
                ScheduleReload);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>What the last read found.</summary>
    public LinkisPropertiesReport Report => _report;

    /// <inheritdoc />
    public override void Load()
    {
        var result = Read(_source.Directory);
        Data = result.Data;
        _report = result.Report;
        _errors = result.Errors;
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _watcher?.Dispose();
    }

    /// <summary>Reads the conf directory and translates it; never throws for a missing or unreadable file.</summary>
    internal static LinkisPropertiesResult Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return Failed(directory, "does not exist.");
        }

        var files = new List<LinkisPropertiesFile>(2);
        var errors = new List<ConfigError>();
        foreach (var name in new[] { CommonFile, GatewayFile })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                files.Add(new LinkisPropertiesFile(path, JavaPropertiesParser.Parse(JavaPropertiesParser.Decode(File.ReadAllBytes(path)))));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigError(null, path, $"cannot be read: {ex.Message}", "Make the file readable by the gateway's user."));
            }
        }

        if (files.Count == 0 && errors.Count == 0)
        {
            return Failed(directory, $"holds neither {CommonFile} nor {GatewayFile}.");
        }

        var result = LinkisPropertiesMapper.Map(directory, files);
        return errors.Count == 0 ? result : result with { Errors = [.. errors, .. result.Errors] };
    }

    private static LinkisPropertiesResult Failed(string directory, string problem) =>
        new(
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase),
            [new ConfigError(null, directory, $"The Linkis conf directory {problem}", $"Point Portico at the directory that holds {CommonFile} and {GatewayFile} (Linkis's conf directory).")],
            LinkisPropertiesReport.Empty(directory));

    private void ScheduleReload()
    {
        if (Interlocked.Exchange(ref _reloadPending, 1) == 0)
        {
            _ = ReloadAfterDelayAsync();
        }
    }

    private async Task ReloadAfterDelayAsync()
    {
        await Task.Delay(_source.ReloadDelay).ConfigureAwait(false);
        Volatile.Write(ref _reloadPending, 0);
        Load();
        OnReload();
    }
}
