using System.Net;
using Microsoft.Extensions.Logging;
using Portico.Security.Networks;

namespace Portico.Security.Linkis.Access;

/// <summary>
/// The IP whitelist of the Linkis routes (§4.1 step 2): the configured addresses and ranges plus those of the
/// whitelist file, which is watched and re-read on every change. Unlike Linkis, which only adds lines until a restart,
/// a re-read replaces the file's list, so a removed line stops being allowed at once.
/// </summary>
internal sealed partial class LinkisIpWhitelist(ILogger<LinkisIpWhitelist> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private WatchedFile<NetworkList>? _file;

    /// <summary>Whether <paramref name="address"/> (the socket peer) is whitelisted under <paramref name="policy"/>.</summary>
    public bool Contains(LinkisAccessPolicy policy, IPAddress address) =>
        policy.WhitelistAddresses.Contains(address) || (policy.WhitelistFile is { } path && Watch(path).Current.Contains(address));

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    /// <summary>
    /// Parses a whitelist file: one address or CIDR range per line; blank lines and text after <c>#</c> are ignored.
    /// Throws <see cref="FormatException"/> naming the first bad line.
    /// </summary>
    internal static NetworkList Parse(string text)
    {
        var entries = new List<string>();
        var lineNumbers = new List<int>();
        var number = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            number++;
            var hash = raw.IndexOf('#');
            var line = (hash < 0 ? raw : raw[..hash]).Trim();
            if (!line.IsEmpty)
            {
                entries.Add(line.ToString());
                lineNumbers.Add(number);
            }
        }

        return NetworkList.Parse(entries, (i, entry, problem) => throw new FormatException($"line {lineNumbers[i]}: '{entry}' {problem}"));
    }

    private WatchedFile<NetworkList> Watch(string path)
    {
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
                _file = new WatchedFile<NetworkList>(
                    path,
                    Parse,
                    NetworkList.Empty,
                    (p, ex) => LogFileInvalid(logger, p, ex.Message),
                    (p, list) => LogFileLoaded(logger, list.Count, p));
            }

            return _file;
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 61, Level = LogLevel.Information, Message = "Linkis security: read {Count} whitelist entr(ies) from {Path}")]
    private static partial void LogFileLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Security + 62, Level = LogLevel.Error, Message = "Linkis security: the IP whitelist file {Path} cannot be used: {Problem}; the last good version stays in force")]
    private static partial void LogFileInvalid(ILogger logger, string path, string problem);
}
