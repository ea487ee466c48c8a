using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Portico.Security.Authentication;

/// <summary>
/// The keys of one JSON Web Key Set file, kept current by watching the file: a change is read after a short quiet
/// period (editors and <c>cp</c> write in several steps), and a file that does not parse, or holds no signing key,
/// leaves the previous keys in force. Readers take <see cref="Keys"/>, an immutable set swapped atomically.
/// </summary>
internal sealed partial class JwksFileKeySource : IDisposable
{
    /// <summary>Largest JWKS file read; key sets are a few kilobytes.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);

    private readonly string _fileName;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _reloadTimer;
    private JwtKeySet _keys;

    private JwksFileKeySource(string path, JwtKeySet keys, TimeProvider time, ILogger logger)
    {
        Path = path;
        _fileName = System.IO.Path.GetFileName(path);
        _keys = keys;
        _logger = logger;
        _reloadTimer = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(path)!, _fileName)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The keys in force.</summary>
    public JwtKeySet Keys => Volatile.Read(ref _keys);

    /// <summary>Reads <paramref name="path"/> and starts watching it; null with <paramref name="problem"/> when it cannot be used.</summary>
    public static JwksFileKeySource? Open(string path, TimeProvider time, ILogger logger, out string problem)
    {
        if (!TryRead(path, out var keys, out problem))
        {
            return null;
        }

        LogLoaded(logger, path, keys.All.Length);
        return new JwksFileKeySource(path, keys, time, logger);
    }

    /// <summary>Reads the file now (the watcher calls this after a change).</summary>
    public void Reload()
    {
        if (TryRead(Path, out var keys, out var problem))
        {
            Volatile.Write(ref _keys, keys);
            LogLoaded(_logger, Path, keys.All.Length);
        }
        else
        {
            LogReloadFailed(_logger, Path, problem);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _reloadTimer.Dispose();
    }

    /// <summary>Parses a JWKS file into its signing keys.</summary>
    internal static bool TryRead(string path, out JwtKeySet keys, out string problem)
    {
        keys = JwtKeySet.Empty;
        string json;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                problem = $"is larger than {MaxFileBytes} bytes.";
                return false;
            }

            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read: {ex.Message}";
            return false;
        }

        IList<SecurityKey> signingKeys;
        try
        {
            signingKeys = new JsonWebKeySet(json).GetSigningKeys();
        }
        catch (Exception)
        {
            // Any parse failure (the library wraps most in ArgumentException) means the same thing here. Its message
            // may quote the file's content, keys included, so only what is wrong is said. Never thrown: this runs on a
            // timer thread when the file changes.
            problem = "is not a JSON Web Key Set ({\"keys\": [...]}).";
            return false;
        }

        if (signingKeys.Count == 0)
        {
            problem = "holds no usable signing key (RSA, EC or oct keys with use 'sig' or no use).";
            return false;
        }

        keys = new JwtKeySet([.. signingKeys]);
        problem = "";
        return true;
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (e is RenamedEventArgs renamed && !string.Equals(renamed.Name, _fileName, StringComparison.Ordinal))
        {
            return;
        }

        _reloadTimer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 10, Level = LogLevel.Information, Message = "Loaded {KeyCount} signing keys from JWKS file {Path}")]
    private static partial void LogLoaded(ILogger logger, string path, int keyCount);

    [LoggerMessage(EventId = Logging.EventIdRanges.Authentication + 11, Level = LogLevel.Warning, Message = "JWKS file {Path} {Problem}; the previous keys stay in force")]
    private static partial void LogReloadFailed(ILogger logger, string path, string problem);
}
