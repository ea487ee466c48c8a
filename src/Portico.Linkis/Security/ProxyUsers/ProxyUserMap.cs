using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.ProxyUsers;

/// <summary>
/// The proxy-user file, watched and re-read on every change. Unlike Linkis, which only ever merges new entries until
/// a restart, a re-read replaces the map, so a removed line stops working at once.
/// </summary>
internal sealed class ProxyUserMap(ILinkisSecuritySettings settings, ILogger<ProxyUserMap> logger) : IProxyUserMap, IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoEntries = new Dictionary<string, string>();
    private readonly Lock _lock = new();
    private WatchedFile<IReadOnlyDictionary<string, string>>? _file;

    public bool Enabled => settings.Current.ProxyUser.Enabled;

    /// <summary>The entries in force (empty when disabled).</summary>
    internal IReadOnlyDictionary<string, string> Entries => Watch()?.Current ?? NoEntries;

    public string MapLogin(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return Entries.TryGetValue(userName, out var proxy) && !string.IsNullOrWhiteSpace(proxy) ? proxy.Trim() : userName;
    }

    public bool IsAllowedProxy(string? validationCode, string? proxyUser)
    {
        if (string.IsNullOrEmpty(validationCode) || string.IsNullOrEmpty(proxyUser) || !Entries.TryGetValue(validationCode, out var allowed))
        {
            return false;
        }

        foreach (var range in allowed.AsSpan().Split(','))
        {
            var candidate = allowed.AsSpan(range).Trim();
            if (candidate.SequenceEqual("*") || candidate.SequenceEqual(proxyUser))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private WatchedFile<IReadOnlyDictionary<string, string>>? Watch()
    {
        var config = settings.Current.ProxyUser;
        if (!config.Enabled || string.IsNullOrWhiteSpace(config.File))
        {
            return null;
        }

        var path = settings.ResolvePath(config.File);
        var current = Volatile.Read(ref _file);
        if (current is not null && current.Path == path)
        {
            return current;
        }

        lock (_lock)
        {
            if (_file is null || _file.Path != path)
            {
                _file?.Dispose();
                _file = new WatchedFile<IReadOnlyDictionary<string, string>>(
                    path,
                    JavaProperties.Parse,
                    NoEntries,
                    (p, ex) => LinkisSecurityLog.ProxyUserFileInvalid(logger, p, ex.Message),
                    (p, entries) => LinkisSecurityLog.ProxyUserFileLoaded(logger, entries.Count, p));
            }

            return _file;
        }
    }
}
