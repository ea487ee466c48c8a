using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using static Portico.Tests.Discovery.RegistryTestSupport;

namespace Portico.Tests.Discovery;

public sealed class FileRegistryStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portico-store-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FileRegistryStore Create() => new(_directory, _time, NullLogger<FileRegistryStore>.Instance);

    [Fact]
    public async Task SaveFlushLoad_NewStore_SeesRegistrations()
    {
        await using (var store = Create())
        {
            var instance = Instance() with
            {
                Metadata = new Dictionary<string, string> { ["route"] = "et1" },
                OverriddenStatus = InstanceStatus.OutOfService,
                Status = InstanceStatus.OutOfService,
                Details = new InstanceDetails { HealthCheckUrl = "http://10.0.0.1:8080/health", SecurePort = 8443 },
            };
            await store.SaveAsync(instance, default);
            await store.SaveAsync(Instance(id: "orders-2"), default);
            await store.RemoveAsync("ORDERS", "orders-2", default);
            await store.FlushAsync();
        }

        await using var reopened = Create();
        var loaded = Assert.Single(await reopened.LoadAsync(default));

        Assert.Equal("orders-1", loaded.InstanceId);
        Assert.Equal("et1", loaded.Metadata["route"]);
        Assert.Equal(InstanceStatus.OutOfService, loaded.OverriddenStatus);
        Assert.Equal(InstanceStatus.Up, loaded.ReportedStatus);
        Assert.Equal("http://10.0.0.1:8080/health", loaded.Details.HealthCheckUrl);
        Assert.Equal(8443, loaded.Details.SecurePort);
    }

    [Fact]
    public async Task Save_CoalescedWrite_HappensAfterDelay()
    {
        await using var store = Create();
        await store.SaveAsync(Instance(), default);
        Assert.False(File.Exists(store.FilePath));

        _time.Advance(TimeSpan.FromSeconds(1));

        // The write runs on the thread pool once the delay fires; wait for it, bounded.
        for (var i = 0; i < 200 && !File.Exists(store.FilePath); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(File.Exists(store.FilePath));
    }

    [Fact]
    public async Task Load_CorruptFile_StartsEmpty()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, FileRegistryStore.FileName), "{ not json");
        await using var store = Create();

        Assert.Empty(await store.LoadAsync(default));
    }
}
