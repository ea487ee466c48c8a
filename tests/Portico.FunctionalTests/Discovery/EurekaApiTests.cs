using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

public sealed class EurekaApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    private HttpClient Client => _gateway.Client;

    private RegistrySnapshot Registry => _gateway.Services.GetRequiredService<IServiceRegistry>().Current;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync("portico:\n  discovery:\n    lease-duration: 90s\n");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Register_JsonBody_204AndRoutable()
    {
        using var response = await RegisterEurekaAsync(Client, "orders", "127.0.0.1:orders:8080", port: 8080);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var instance = Assert.Single(Registry.GetInstances("orders"));
        Assert.Equal(("127.0.0.1:orders:8080", "127.0.0.1", 8080, InstanceStatus.Up, "eureka"), (instance.InstanceId, instance.Host, instance.Port, instance.Status, instance.Source));
    }

    [Fact]
    public async Task GetApps_Json_EurekaShape()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");
        await RegisterEurekaAsync(Client, "billing", "b1", status: "DOWN");

        using var doc = await GetJsonAsync(Client, "eureka/apps/");

        var apps = doc.RootElement.GetProperty("applications");
        Assert.Equal("DOWN_1_UP_1_", apps.GetProperty("apps__hashcode").GetString());
        var names = apps.GetProperty("application").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["BILLING", "ORDERS"], names);
        var instance = apps.GetProperty("application")[1].GetProperty("instance")[0];
        Assert.Equal("o1", instance.GetProperty("instanceId").GetString());
        Assert.Equal(8080, instance.GetProperty("port").GetProperty("$").GetInt32());
    }

    [Fact]
    public async Task RegisterXml_ThenGetXml_EurekaShape()
    {
        const string xml = """
            <instance><instanceId>x1</instanceId><hostName>127.0.0.1</hostName><app>XMLAPP</app><ipAddr>127.0.0.1</ipAddr>
            <status>UP</status><port enabled="true">9001</port><securePort enabled="false">443</securePort>
            <dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>MyOwn</name></dataCenterInfo>
            <metadata><route>et1</route></metadata></instance>
            """;
        using var register = await Client.PostAsync("eureka/apps/XMLAPP", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.NoContent, register.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "eureka/apps/xmlapp");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var response = await Client.SendAsync(request);

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var app = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("application", app.Name.LocalName);
        Assert.Equal("XMLAPP", app.Element("name")!.Value);
        Assert.Equal("9001", app.Element("instance")!.Element("port")!.Value);
        Assert.Equal("et1", app.Element("instance")!.Element("metadata")!.Element("route")!.Value);
    }

    [Fact]
    public async Task Renew_Known200_Unknown404()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");

        using var known = await Client.PutAsync("eureka/apps/ORDERS/o1?status=UP&lastDirtyTimestamp=1700000000000", null);
        using var unknown = await Client.PutAsync("eureka/apps/ORDERS/nobody?status=UP&lastDirtyTimestamp=1700000000000", null);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Renew_NewerDirtyTimestamp_404SoClientRegistersAgain()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");

        using var response = await Client.PutAsync("eureka/apps/ORDERS/o1?status=UP&lastDirtyTimestamp=1800000000000", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(Registry.GetInstances("orders"));
    }

    [Fact]
    public async Task Cancel_RemovesAtOnce_ThenUnknown404()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");

        using var first = await Client.DeleteAsync("eureka/apps/ORDERS/o1");
        using var second = await Client.DeleteAsync("eureka/apps/ORDERS/o1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Empty(Registry.GetInstances("orders"));
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task StatusOverride_SetAndDelete()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");

        using var set = await Client.PutAsync("eureka/apps/ORDERS/o1/status?value=OUT_OF_SERVICE", null);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using (var doc = await GetJsonAsync(Client, "eureka/apps/ORDERS/o1"))
        {
            var instance = doc.RootElement.GetProperty("instance");
            Assert.Equal("OUT_OF_SERVICE", instance.GetProperty("status").GetString());
            Assert.Equal("OUT_OF_SERVICE", instance.GetProperty("overriddenStatus").GetString());
        }

        using var delete = await Client.DeleteAsync("eureka/apps/ORDERS/o1/status");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(InstanceStatus.Up, Registry.GetInstances("orders")[0].Status);

        using var bad = await Client.PutAsync("eureka/apps/ORDERS/o1/status?value=SLEEPY", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("value", (await ProblemAsync(bad)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Metadata_Update_MergesEntries()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");

        using var response = await Client.PutAsync("eureka/apps/ORDERS/o1/metadata?route=et2&weight=7", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instance = Registry.GetInstances("orders")[0];
        Assert.Equal("et2", instance.Metadata["route"]);
        Assert.Equal(7, instance.Weight);
    }

    [Fact]
    public async Task Delta_ShowsRecentChangesWithActionTypes()
    {
        await RegisterEurekaAsync(Client, "orders", "o1");
        await RegisterEurekaAsync(Client, "orders", "o2");
        await Client.DeleteAsync("eureka/apps/ORDERS/o1");

        using var doc = await GetJsonAsync(Client, "eureka/apps/delta");

        var apps = doc.RootElement.GetProperty("applications");
        var actions = apps.GetProperty("application")[0].GetProperty("instance").EnumerateArray()
            .Select(i => i.GetProperty("instanceId").GetString() + ":" + i.GetProperty("actionType").GetString()).ToArray();
        Assert.Equal(["o1:ADDED", "o2:ADDED", "o1:DELETED"], actions);
        Assert.Equal("UP_1_", apps.GetProperty("apps__hashcode").GetString());
    }

    [Fact]
    public async Task V2Prefix_ServesSameApi()
    {
        using var response = await RegisterEurekaAsync(Client, "orders", "o1", prefix: "eureka/v2");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        using var doc = await GetJsonAsync(Client, "eureka/v2/apps/ORDERS");
        Assert.Equal("ORDERS", doc.RootElement.GetProperty("application").GetProperty("name").GetString());
    }

    [Fact]
    public async Task UnknownApp_404()
    {
        using var app = await Client.GetAsync("eureka/apps/NOPE");
        using var instance = await Client.GetAsync("eureka/apps/NOPE/x");

        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, instance.StatusCode);
        Assert.Contains("NOPE", (await ProblemAsync(app)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateRegistration_ReplacesInstance()
    {
        await RegisterEurekaAsync(Client, "orders", "o1", port: 8080);

        using var again = await RegisterEurekaAsync(Client, "orders", "o1", port: 9090);

        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(9090, Assert.Single(Registry.GetInstances("orders")).Port);
    }

    [Theory]
    [InlineData("application/json", """{"instance":{"hostName":"127.0.0.1","app":"ORDERS","port":{"$":8080}""", "instance")]
    [InlineData("application/json", """{"instance":{"hostName":"evil.com/x","app":"ORDERS","port":{"$":8080}}}""", "instance.hostName")]
    [InlineData("application/json", """{"instance":{"hostName":"127.0.0.1","app":"ORDERS","port":{"$":0}}}""", "instance.port")]
    [InlineData("application/json", """{"instance":{"hostName":"127.0.0.1","app":"ORDERS","port":{"$":"http"}}}""", "instance.port")]
    [InlineData("application/json", """{"instance":{"hostName":"127.0.0.1","app":"BILLING","port":{"$":8080}}}""", "instance.app")]
    [InlineData("application/json", """{"instance":{"instanceId":"a/b","hostName":"127.0.0.1","app":"ORDERS","port":8080}}""", "instance.instanceId")]
    [InlineData("application/xml", "<instance><hostName>127.0.0.1</hostName><port>8080</port>", "instance")]
    [InlineData("application/xml", "<instance><hostName>127.0.0.1</hostName><port enabled=\"true\">99999</port></instance>", "instance.port")]
    [InlineData("application/xml", "<instance><hostName>bad host</hostName><port>80</port></instance>", "instance.hostName")]
    public async Task Register_BadBody_400NamesField_AndKeepsRegistry(string contentType, string body, string field)
    {
        await RegisterEurekaAsync(Client, "orders", "existing");
        var before = Registry;

        using var response = await Client.PostAsync("eureka/apps/ORDERS", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Same(before, Registry);
        Assert.Equal("existing", Assert.Single(Registry.GetInstances("orders")).InstanceId);
    }

    [Fact]
    public async Task Register_UnsupportedContentType_415()
    {
        using var response = await Client.PostAsync("eureka/apps/ORDERS", new StringContent("hostName=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Register_OversizedBody_413()
    {
        var big = RegistryClient.EurekaJson("orders", "o1", "127.0.0.1", 80, metadata: "{\"pad\":\"" + new string('x', 70_000) + "\"}");

        using var response = await Client.PostAsync("eureka/apps/ORDERS", new StringContent(big, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Registry.GetInstances("orders"));
    }
}
