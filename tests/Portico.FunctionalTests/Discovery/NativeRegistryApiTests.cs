using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

public sealed class NativeRegistryApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    private HttpClient Client => _gateway.Client;

    private RegistrySnapshot Registry => _gateway.Services.GetRequiredService<IServiceRegistry>().Current;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync("""
        portico:
          discovery:
            static:
              billing:
                - host: 127.0.0.1
                  port: 7001
        """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Register_New201_Again200()
    {
        using var created = await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8080,"metadata":{"route":"et1"}}""");
        using var replaced = await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8081}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var instance = Assert.Single(Registry.GetInstances("orders"));
        Assert.Equal((8081, "native"), (instance.Port, instance.Source));
    }

    [Fact]
    public async Task List_IncludesStaticAndRegistered()
    {
        await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8080}""");

        using var doc = await GetJsonAsync(Client, "portico/registry/apps");

        var apps = doc.RootElement.GetProperty("apps").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("instances"));
        Assert.Equal("static", apps["billing"][0].GetProperty("source").GetString());
        Assert.Equal("o1", apps["orders"][0].GetProperty("id").GetString());
        Assert.Equal(90, apps["orders"][0].GetProperty("leaseDurationSeconds").GetInt32());
    }

    [Fact]
    public async Task Heartbeat_Known200_Unknown404()
    {
        await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8080}""");

        using var known = await Client.PostAsync("portico/registry/apps/ORDERS/o1/heartbeat", null);
        using var unknown = await Client.PostAsync("portico/registry/apps/orders/o9/heartbeat", null);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Deregister_204_ThenGet404()
    {
        await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8080}""");

        using var deleted = await Client.DeleteAsync("portico/registry/apps/orders/o1");
        using var get = await Client.GetAsync("portico/registry/apps/orders/o1");
        using var app = await Client.GetAsync("portico/registry/apps/orders");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
    }

    [Fact]
    public async Task Status_OverrideAndClear()
    {
        await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8080}""");

        using var set = await Client.PutAsync("portico/registry/apps/orders/o1/status", new StringContent("""{"status":"OUT_OF_SERVICE"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(InstanceStatus.OutOfService, Registry.GetInstances("orders")[0].Status);

        using var cleared = await Client.DeleteAsync("portico/registry/apps/orders/o1/status");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(InstanceStatus.Up, Registry.GetInstances("orders")[0].Status);
    }

    [Fact]
    public async Task Metadata_Patch_Merges()
    {
        await RegisterNativeAsync(Client, "orders", "o1", """{"host":"127.0.0.1","port":8080,"metadata":{"a":"1"}}""");

        using var response = await Client.PatchAsync("portico/registry/apps/orders/o1/metadata", new StringContent("""{"b":"2"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metadata = Registry.GetInstances("orders")[0].Metadata;
        Assert.Equal(("1", "2"), (metadata["a"], metadata["b"]));
    }

    [Theory]
    [InlineData("orders", "o1", """{"host":"127.0.0.1","port":70000}""", "port")]
    [InlineData("orders", "o1", """{"host":"127.0.0.1:8080","port":80}""", "host")]
    [InlineData("orders", "o1", """{"host":"a..b","port":80}""", "host")]
    [InlineData("orders", "o1", """{"host":"127.0.0.1","port":80,"scheme":"ftp"}""", "scheme")]
    [InlineData("orders", "o1", """{"host":"127.0.0.1","port":80,"weight":-2}""", "weight")]
    [InlineData("orders", "o1", """{"host":"127.0.0.1","port":"80"}""", "port")]
    [InlineData("orders", "o1", """{"host":"127.0.0.1",""", "body")]
    [InlineData("bad%20name", "o1", """{"host":"127.0.0.1","port":80}""", "app")]
    public async Task Register_Invalid_400NamesField_NothingChanges(string app, string id, string body, string field)
    {
        await RegisterNativeAsync(Client, "orders", "keep", """{"host":"127.0.0.1","port":8080}""");
        var before = Registry;

        using var response = await RegisterNativeAsync(Client, app, id, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await ProblemAsync(response)).GetProperty("field").GetString());
        Assert.Same(before, Registry);
    }
}
