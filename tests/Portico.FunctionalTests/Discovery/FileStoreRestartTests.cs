using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

public sealed class FileStoreRestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portico-data-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Restart_WithDataDirectory_RegistrationsSurvive()
    {
        var config = $"portico:\n  discovery:\n    store:\n      directory: '{_dataDirectory}'\n";
        await using (var first = await TestGateway.StartAsync(config))
        {
            await RegisterEurekaAsync(first.Client, "orders", "o1", port: 8081);
            await RegisterEurekaAsync(first.Client, "orders", "o2", port: 8082);
            await first.Client.DeleteAsync("eureka/apps/ORDERS/o2");
            await first.Client.PutAsync("eureka/apps/ORDERS/o1/status?value=OUT_OF_SERVICE", null);
        }

        Assert.True(File.Exists(Path.Combine(_dataDirectory, "registry.json")));
        await using var second = await TestGateway.StartAsync(config);
        var instance = Assert.Single(second.Services.GetRequiredService<IServiceRegistry>().Current.GetInstances("orders"));

        Assert.Equal(("o1", 8081, InstanceStatus.OutOfService), (instance.InstanceId, instance.Port, instance.Status));
    }
}
