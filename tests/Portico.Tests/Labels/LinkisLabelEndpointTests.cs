using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Configuration;
using Portico.Discovery;
using Portico.Labels;
using Portico.Linkis;
using Portico.LoadBalancing;
using Portico.Security.Linkis;
using Portico.Tests.LoadBalancing;
using Portico.Tests.TestSupport;
using static Portico.Tests.Labels.LabelTestSupport;

namespace Portico.Tests.Labels;

public sealed class LinkisLabelEndpointTests : IDisposable
{
    private const string Api = "/api/rest_j/v1/microservice/";
    private const string Entrance = "linkis-cg-entrance";
    private static readonly LinkisIdentity Admin = new("hadoop", LinkisAuthenticationMethod.Session, true, "t");
    private static readonly LinkisIdentity Bob = new("bob", LinkisAuthenticationMethod.Session, false, "t");

    private readonly LabelStore _store = MemoryStore();
    private readonly InMemoryServiceRegistry _registry = new();

    public void Dispose() => _store.Dispose();

    private LinkisLabelEndpoint Endpoint() =>
        new(_store, _registry, NullLogger<LinkisLabelEndpoint>.Instance);

    private async Task<(int Status, string Body)> CallAsync(string method, string operation, LinkisIdentity? identity, string? body = null, PorticoConfig? config = null, string query = "")
    {
        var exchange = TestExchange.Create(method, Api + operation + query, host: "gateway.test:9001", config: config ?? new PorticoConfig());
        var http = exchange.HttpContext;
        http.Features.Set(new LinkisRequestContext(exchange, new LinkisSettings(exchange.Config.Linkis)));
        if (identity is not null)
        {
            http.SetLinkisIdentity(identity);
        }

        if (body is not null)
        {
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            http.Request.ContentType = "application/json";
        }

        await Endpoint().HandleAsync(http);
        return (http.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()));
    }

    [Theory]
    [InlineData("microservice/allInstance", true)]
    [InlineData("microservice/instanceLabel", true)]
    [InlineData("microservice/modifiableLabelKey", true)]
    [InlineData("microservice/serviceRegistryURL", true)]
    [InlineData("microservice/serviceInstances", true)]
    [InlineData("microservice/allInstance/", true)]
    [InlineData("microservice/allinstance", false)]
    [InlineData("microservice/other", false)]
    [InlineData("microservice/allInstance/x", false)]
    [InlineData("jobhistory/allInstance", false)]
    [InlineData("microservice", false)]
    public void Matches_OnlyTheLabelApiPaths(string apiPath, bool expected) =>
        Assert.Equal(expected, Endpoint().Matches(apiPath));

    [Fact]
    public async Task AllInstance_Admin_ListsEveryStoreInstanceExactly()
    {
        await _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et1", "tenant=t1");
        await _store.LabelAsync(Entrance, "10.0.0.2:9104");

        var (status, body) = await CallAsync("GET", "allInstance", Admin);

        Assert.Equal(200, status);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/microservice/allInstance\",\"status\":0,\"message\":\"OK\",\"data\":{\"instances\":["
            + "{\"id\":1,\"applicationName\":\"linkis-cg-entrance\",\"instance\":\"10.0.0.1:9104\",\"labels\":["
            + "{\"labelKey\":\"route\",\"stringValue\":\"et1\",\"modifiable\":true},{\"labelKey\":\"tenant\",\"stringValue\":\"t1\",\"modifiable\":false}],"
            + "\"createTime\":1735732800000,\"updateTime\":1735732800000},"
            + "{\"id\":2,\"applicationName\":\"linkis-cg-entrance\",\"instance\":\"10.0.0.2:9104\",\"labels\":[],\"createTime\":1735732800000,\"updateTime\":1735732800000}]}}",
            body);
    }

    [Fact]
    public async Task AllInstance_NotAdmin_14100()
    {
        var (status, body) = await CallAsync("GET", "allInstance", Bob);

        Assert.Equal(200, status);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/microservice/allInstance\",\"status\":1,\"message\":\"error code(错误码): 14100, error message(错误信息): Only admin can view all instances(只有管理员才能查看所有实例).The user [bob] is not admin..\",\"data\":{}}",
            body);
    }

    [Theory]
    [InlineData("GET", "allInstance")]
    [InlineData("PUT", "instanceLabel")]
    [InlineData("GET", "modifiableLabelKey")]
    [InlineData("GET", "serviceRegistryURL")]
    [InlineData("GET", "serviceInstances")]
    public async Task AnyOperation_NoIdentity_NotLoggedIn401(string method, string operation)
    {
        var (status, body) = await CallAsync(method, operation, null);

        Assert.Equal(401, status);
        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/microservice/{operation}\",\"status\":-1,\"message\":\"You are not logged in, please login first(您尚未登录，请先登录)!\",\"data\":{{}}}}", body);
    }

    [Fact]
    public async Task AnyOperation_AnonymousIdentity_NotLoggedIn()
    {
        var (status, _) = await CallAsync("GET", "modifiableLabelKey", LinkisIdentity.Anonymous);
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task WrongMethod_405InFrameworkShape()
    {
        var (status, body) = await CallAsync("POST", "instanceLabel", Admin, "{}");

        Assert.Equal(405, status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":405,\"message\":\"Method Not Allowed\",\"data\":[]}", body);
    }

    [Fact]
    public async Task InstanceLabel_Admin_ReplacesWithModifiableLabelsOnly()
    {
        await _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et1", "tenant=t1");

        var (status, body) = await CallAsync("PUT", "instanceLabel", Admin,
            "{\"applicationName\":\"linkis-cg-entrance\",\"instance\":\"10.0.0.1:9104\",\"labels\":[{\"labelKey\":\"route\",\"stringValue\":\"et9\"},{\"labelKey\":\"engineType\",\"stringValue\":\"spark\"}]}");

        Assert.Equal(200, status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":0,\"message\":\"success\",\"data\":{\"labels\":[{\"labelKey\":\"route\",\"stringValue\":\"et9\",\"modifiable\":true}]}}", body);
        Assert.Equal(["route=et9"], Texts(_store.Current.Find(Entrance, "10.0.0.1:9104")));
    }

    [Fact]
    public async Task InstanceLabel_EmptyLabels_RemovesEveryLabelKeepsInstance()
    {
        await _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et1");

        var (_, body) = await CallAsync("PUT", "instanceLabel", Admin, "{\"applicationName\":\"linkis-cg-entrance\",\"instance\":\"10.0.0.1:9104\",\"labels\":[]}");

        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":0,\"message\":\"success\",\"data\":{\"labels\":[]}}", body);
        Assert.False(_store.Current.Find(Entrance, "10.0.0.1:9104")!.IsLabelled);
    }

    [Fact]
    public async Task InstanceLabel_NotAdmin_14100AndStoreUnchanged()
    {
        await _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et1");
        var before = _store.Current;

        var (status, body) = await CallAsync("PUT", "instanceLabel", Bob, "{\"applicationName\":\"linkis-cg-entrance\",\"instance\":\"10.0.0.1:9104\",\"labels\":[]}");

        Assert.Equal(200, status);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":1,\"message\":\"error code(错误码): 14100, error message(错误信息): Only admin can modify instance label(只有管理员才能修改标签). The user [bob] is not admin.\",\"data\":{}}",
            body);
        Assert.Same(before, _store.Current);
    }

    [Theory]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"h:1\",\"labels\":[{\"labelKey\":\"route\",\"stringValue\":\"x\"},{\"labelKey\":\"route\",\"stringValue\":\"y\"}]}",
        "error code(错误码): 14100, error message(错误信息): Failed to update label, include repeat label(更新label失败，包含重复label).")]
    [InlineData("{\"applicationName\":\"a\",\"labels\":[]}", "instance cannot be empty(实例名不能为空")]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"\",\"labels\":[]}", "instance cannot be empty(实例名不能为空")]
    [InlineData("{\"instance\":\"h:1\",\"labels\":[]}", "instance cannot be empty(实例类型不能为空")]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"h:1\",\"labels\":[{\"labelKey\":\"route\",\"stringValue\":\"et-1\"}]}", "标签route的值设置错误，只能设置1个值，并且不能使用符号-")]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"h:1\"}", "labels must be an array of {\\\"labelKey\\\":\\\"...\\\",\\\"stringValue\\\":\\\"...\\\"}; send [] to remove every label.")]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"h:1\",\"labels\":[{\"labelKey\":\"route\"}]}", "labels[0] must be an object with the strings labelKey and stringValue.")]
    [InlineData("[1]", "The request body must be a JSON object with applicationName, instance and labels.")]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"h\",\"labels\":[]}", "The instance \\u0027h\\u0027 is not host:port (a port from 1 to 65535 after the last \\u0027:\\u0027).")]
    [InlineData("{\"applicationName\":\"a\",\"instance\":\"h:1\",\"labels\":[{\"labelKey\":\"route\",\"stringValue\":\"a b\"}]}",
        "The value \\u0027a b\\u0027 of label \\u0027route\\u0027 contains the character U+0020; values cannot contain \\u0027,\\u0027, \\u0027;\\u0027, \\u0027\\u003d\\u0027, spaces or control characters.")]
    public async Task InstanceLabel_BadBody_PreciseErrorAndStoreUnchanged(string request, string message)
    {
        await _store.LabelAsync("a", "h:1", "route=keep");
        var before = _store.Current;

        var (status, body) = await CallAsync("PUT", "instanceLabel", Admin, request);

        Assert.Equal(200, status);
        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":1,\"message\":\"{message}\",\"data\":{{}}}}", body);
        Assert.Same(before, _store.Current);
    }

    [Fact]
    public async Task InstanceLabel_MalformedJson_SaysSo()
    {
        var (_, body) = await CallAsync("PUT", "instanceLabel", Admin, "{\"applicationName\":");

        Assert.Contains("\"status\":1,\"message\":\"The request body is not valid JSON (", body, StringComparison.Ordinal);
        Assert.Empty(_store.Current.All);
    }

    [Fact]
    public async Task ModifiableLabelKey_ListsConfiguredKeys()
    {
        var config = new PorticoConfig { Labels = new LabelsConfig { ModifiableKeys = ["route", "tenant"] } };

        var (status, body) = await CallAsync("GET", "modifiableLabelKey", Bob, config: config);

        Assert.Equal(200, status);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/modifiableLabelKey\",\"status\":0,\"message\":\"OK\",\"data\":{\"keyList\":[\"route\",\"tenant\"]}}", body);
    }

    [Fact]
    public async Task InstanceLabel_KeyMadeModifiableByConfig_IsApplied()
    {
        var config = new PorticoConfig { Labels = new LabelsConfig { ModifiableKeys = ["route", "tenant"] } };

        await CallAsync("PUT", "instanceLabel", Admin, "{\"applicationName\":\"a\",\"instance\":\"h:1\",\"labels\":[{\"labelKey\":\"tenant\",\"stringValue\":\"t\"}]}", config);

        Assert.Equal(["tenant=t"], Texts(_store.Current.Find("a", "h:1")));
    }

    [Fact]
    public async Task ServiceRegistryUrl_OwnEurekaApiWithHostName()
    {
        var (_, body) = await CallAsync("GET", "serviceRegistryURL", Bob);

        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/microservice/serviceRegistryURL\",\"status\":0,\"message\":\"OK\",\"data\":{{\"url\":\"http://{Dns.GetHostName()}:9001/eureka/\"}}}}", body);
    }

    [Fact]
    public async Task ServiceRegistryUrl_MirroredEureka_FirstServerWithoutCredentials()
    {
        var config = new PorticoConfig { Discovery = new DiscoveryConfig { EurekaClient = new EurekaClientConfig { ServerUrls = ["http://user:secret@eureka.example:8761/eureka/"] } } };

        var (_, body) = await CallAsync("GET", "serviceRegistryURL", Bob, config: config);

        Assert.Contains("\"data\":{\"url\":\"http://eureka.example:8761/eureka/\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceInstances_LinkisServicesFilteredAsLinkisDoes()
    {
        _registry.Set(
            Lb.Instance("10.0.0.1:9104", "10.0.0.1", 9104, Entrance, metadata: new() { ["linkis.app.version"] = "1.8.0" }),
            Lb.Instance("10.0.0.2:9104", "10.0.0.2", 9104, Entrance),
            Lb.Instance("10.0.0.3:9105", "10.0.0.3", 9105, "linkis-ps-publicservice"),
            Lb.Instance("10.0.0.4:80", "10.0.0.4", 80, "orders"));

        var (_, all) = await CallAsync("GET", "serviceInstances", Bob);
        var (_, versioned) = await CallAsync("GET", "serviceInstances", Bob, query: "?serviceName=ENTRANCE&version=1.8");
        var (_, byIp) = await CallAsync("GET", "serviceInstances", Bob, query: "?ip=10.0.0.3");

        Assert.Equal(3, CountOccurrences(all, "\"serviceId\""));
        Assert.DoesNotContain("orders", all, StringComparison.Ordinal);
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/microservice/serviceInstances\",\"status\":0,\"message\":\"OK\",\"data\":{\"list\":[{\"serviceId\":\"linkis-cg-entrance\",\"instanceId\":\"10.0.0.1:9104\","
            + "\"host\":\"10.0.0.1\",\"port\":9104,\"secure\":false,\"uri\":\"http://10.0.0.1:9104\",\"scheme\":\"http\",\"metadata\":{\"linkis.app.version\":\"1.8.0\"},"
            + "\"instanceInfo\":{\"instanceId\":\"10.0.0.1:9104\",\"app\":\"LINKIS-CG-ENTRANCE\",\"hostName\":\"10.0.0.1\",\"ipAddr\":\"10.0.0.1\",\"status\":\"UP\",\"port\":9104}}]}}",
            versioned);
        Assert.Equal(1, CountOccurrences(byIp, "\"serviceId\""));
        Assert.Contains("\"serviceId\":\"linkis-ps-publicservice\"", byIp, StringComparison.Ordinal);
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
