using Microsoft.Extensions.Logging;

namespace Portico.Security.Authentication;

/// <summary>
/// One watched <see cref="JwksFileKeySource"/> per JWKS file, shared by every configuration that names the file, so a
/// reload of the gateway's configuration neither re-reads the file nor adds a watcher. Sources live as long as the
/// gateway.
/// </summary>
internal sealed class JwksFileStore(TimeProvider time, ILogger<JwksFileStore> logger) : IDisposable
{
    private readonly Dictionary<string, JwksFileKeySource> _sources = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The source for <paramref name="path"/>, opened on first use; null with <paramref name="problem"/> when the file cannot be used.</summary>
    public JwksFileKeySource? Get(string path, out string problem)
    {
        problem = "";
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problem = "is not a valid path.";
            return null;
        }

        lock (_lock)
        {
            if (_sources.TryGetValue(fullPath, out var existing))
            {
                return existing;
            }

            var source = JwksFileKeySource.Open(fullPath, time, logger, out problem);
            if (source is not null)
            {
                _sources[fullPath] = source;
            }

            return source;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var source in _sources.Values)
            {
                source.Dispose();
            }

            _sources.Clear();
        }
    }
}
