using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace Portico.Security.Linkis;

/// <summary>
/// A small file parsed into an immutable value and re-parsed whenever it changes (file-provider change tokens). A
/// missing or unreadable file, or one that does not parse, is reported and leaves the last good value in force.
/// </summary>
/// <remarks>
/// A change is read only once the file has been quiet for <see cref="SettleDelay"/>: editors and <c>echo &gt;</c>
/// truncate the file before writing it, and reading in between would put an empty list in force for a moment (and
/// keep it, if the finished write then fails to parse). Writers that must never expose a partial file should write a
/// temporary file and rename it over this one.
/// </remarks>
internal sealed class WatchedFile<T> : IDisposable
    where T : class
{
    private readonly Func<string, T> _parse;
    private readonly Action<string, Exception> _onError;
    private readonly Action<string, T> _onLoaded;
    private readonly PhysicalFileProvider? _provider;
    private readonly IDisposable? _subscription;
    private readonly string _fileName;
    private readonly Lock _reloadLock = new();
    private readonly ITimer? _settle;
    private T _current;
    private int _version;

    /// <param name="path">The file, absolute or relative to the working directory.</param>
    /// <param name="parse">Turns the file's text into a value; throws <see cref="FormatException"/> for bad content.</param>
    /// <param name="empty">The value while no good file has been read.</param>
    /// <param name="onError">Reports a load failure (path, cause).</param>
    /// <param name="onLoaded">Reports a load (path, value).</param>
    /// <param name="time">The clock of the settle delay; the system clock when null.</param>
    public WatchedFile(string path, Func<string, T> parse, T empty, Action<string, Exception> onError, Action<string, T> onLoaded, TimeProvider? time = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _parse = parse;
        _onError = onError;
        _onLoaded = onLoaded;
        _current = empty;
        _fileName = System.IO.Path.GetFileName(Path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is not null && Directory.Exists(directory))
        {
            // ExclusionFilters.None: the default hides dot-files, which are a common place for secrets files.
            _provider = new PhysicalFileProvider(directory, ExclusionFilters.None);
            _settle = (time ?? TimeProvider.System).CreateTimer(static state => ((WatchedFile<T>)state!).Load(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _subscription = ChangeToken.OnChange(() => _provider.Watch(_fileName), () => _settle.Change(SettleDelay, Timeout.InfiniteTimeSpan));
        }

        Load();
    }

    /// <summary>How long the file must stay unchanged after a change before it is read again.</summary>
    public static TimeSpan SettleDelay { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>The last good value.</summary>
    public T Current => Volatile.Read(ref _current);

    /// <summary>How many times the file has been read successfully.</summary>
    public int Version => Volatile.Read(ref _version);

    public void Dispose()
    {
        _subscription?.Dispose();
        _settle?.Dispose();
        _provider?.Dispose();
    }

    private void Load()
    {
        lock (_reloadLock)
        {
            try
            {
                var text = File.ReadAllText(Path);
                var value = _parse(text);
                Volatile.Write(ref _current, value);
                Interlocked.Increment(ref _version);
                _onLoaded(Path, value);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                _onError(Path, ex);
            }
        }
    }
}
