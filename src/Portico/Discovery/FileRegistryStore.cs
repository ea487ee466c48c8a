using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Portico.Discovery;

/// <summary>
/// Keeps registrations in <c>registry.json</c> in a data directory so they survive a restart. Writes are coalesced
/// (a burst of registrations is one write a moment later) and atomic (a temporary file renamed over the old one), so
/// a crash leaves either the old or the new file, never half of one. Heartbeats are not written: on load every
/// registration gets a fresh lease.
/// </summary>
internal sealed partial class FileRegistryStore : IRegistryStore, IAsyncDisposable, IDisposable
{
    public const string FileName = "registry.json";
    private const int FormatVersion = 1;

    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(500);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private readonly Dictionary<InstanceKey, ServiceInstance> _instances = [];
    private bool _dirty;
    private bool _flushScheduled;

    public FileRegistryStore(string directory, TimeProvider time, ILogger<FileRegistryStore> logger)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, FileName);
        _time = time;
        _logger = logger;
    }

    public string FilePath => _path;

    public async ValueTask<IReadOnlyList<ServiceInstance>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        var loaded = new List<ServiceInstance>();
        try
        {
            await using var stream = File.OpenRead(_path);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("instances", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (InstanceJson.Read(item) is { } instance)
                    {
                        loaded.Add(instance);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Keep the unreadable file for inspection; clients re-register when their heartbeats get 404.
            LogLoadFailed(_logger, _path, ex);
            return [];
        }

        lock (_lock)
        {
            foreach (var instance in loaded)
            {
                _instances[InstanceKey.Of(instance)] = instance;
            }
        }

        LogLoaded(_logger, loaded.Count, _path);
        return loaded;
    }

    public ValueTask SaveAsync(ServiceInstance instance, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _instances[InstanceKey.Of(instance)] = instance;
            MarkDirty();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RenewAsync(string appName, string instanceId, DateTimeOffset at, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask RemoveAsync(string appName, string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_instances.Remove(InstanceKey.Of(appName, instanceId)))
            {
                MarkDirty();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the file now when anything changed since the last write.</summary>
    public async Task FlushAsync()
    {
        await _fileGate.WaitAsync();
        try
        {
            ServiceInstance[] instances;
            lock (_lock)
            {
                _flushScheduled = false;
                if (!_dirty)
                {
                    return;
                }

                _dirty = false;
                instances = [.. _instances.Values];
            }

            Array.Sort(instances, static (a, b) =>
            {
                var byApp = string.Compare(a.AppName, b.AppName, StringComparison.OrdinalIgnoreCase);
                return byApp != 0 ? byApp : string.CompareOrdinal(a.InstanceId, b.InstanceId);
            });
            var temp = _path + ".tmp";
            try
            {
                await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                    json.WriteStartObject();
                    json.WriteNumber("version", FormatVersion);
                    json.WriteStartArray("instances");
                    foreach (var instance in instances)
                    {
                        InstanceJson.Write(json, instance);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                    await json.FlushAsync();
                    await stream.FlushAsync();
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, _path, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lock (_lock)
                {
                    _dirty = true;
                }

                LogWriteFailed(_logger, _path, ex);
            }
        }
        finally
        {
            _fileGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        _fileGate.Dispose();
    }

    /// <summary>Releases the file lock; a host that stops before disposing has flushed through the registry already.</summary>
    public void Dispose() => _fileGate.Dispose();

    private void MarkDirty()
    {
        _dirty = true;
        if (_flushScheduled)
        {
            return;
        }

        _flushScheduled = true;
        _ = FlushLaterAsync();
    }

    private async Task FlushLaterAsync()
    {
        try
        {
            await Task.Delay(Coalesce, _time);
            await FlushAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting: DisposeAsync has flushed.
        }
    }

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 41, Level = LogLevel.Information, Message = "Loaded {Count} registrations from {Path}")]
    private static partial void LogLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 42, Level = LogLevel.Error, Message = "Could not read the registry file {Path}; starting without stored registrations")]
    private static partial void LogLoadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = Logging.EventIdRanges.Discovery + 43, Level = LogLevel.Error, Message = "Could not write the registry file {Path}; will retry on the next change")]
    private static partial void LogWriteFailed(ILogger logger, string path, Exception exception);
}
