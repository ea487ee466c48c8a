using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.Labels;
using Portico.Linkis.Routing;
using Portico.Linkis;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Routing;

public sealed class HaContextRouterTests
{
    private const string Url = "/api/rest_j/v1/contextservice/getContextValue";

    private static readonly RegistrySnapshot Registered = Registry(
        "linkis-ps-publicservice@10.0.0.2:9105",
        "linkis-ps-publicservice@10.0.0.1:9105",
        "linkis-ps-cs@10.0.0.9:9108",
        "linkis-cg-entrance@10.0.0.1:9104");

    private static readonly FakeLabels Labels = new(new()
    {
        ["cs_1_dev"] = [new("linkis-ps-publicservice", "10.0.0.2:9105")],
        ["cs_2_dev"] = [new("linkis-ps-publicservice", "10.0.0.1:9105")],
    });

    private static async Task<ServiceTarget?> RouteAsync(string pathAndQuery, RegistrySnapshot? registry = null, LinkisConfig? config = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var router = new HaContextRouter(Labels, NullLogger<HaContextRouter>.Instance);
        return await router.RouteAsync(Context(pathAndQuery, registry: registry ?? Registered, config: config, headers: headers));
    }

    [Fact]
    public async Task Route_NoContextService_Null() =>
        Assert.Null(await RouteAsync("/api/rest_j/v1/jobhistory/list?contextID=8-8--cs_1_devcs_2_dev1"));

    [Fact]
    public async Task Route_NoContextId_CreatesOnContextServiceUnpinned()
    {
        var target = await RouteAsync("/api/rest_j/v1/contextservice/createContextID");

        Assert.Equal("linkis-ps-publicservice", target!.Application);
        Assert.Null(target.Instance);
    }

    [Fact]
    public async Task Route_HaIdMainAliasLabelled_PinsMainInstance()
    {
        var target = await RouteAsync(Url + "?contextID=8-8--cs_1_devcs_2_dev10069");

        Assert.Equal("linkis-ps-publicservice", target!.Application);
        Assert.Equal("10.0.0.2:9105", target.Instance);
    }

    [Fact]
    public async Task Route_MainAliasUnknown_UsesBackupAlias()
    {
        var target = await RouteAsync(Url + "?contextid=8-8--cs_9_devcs_2_dev10069");

        Assert.Equal("10.0.0.1:9105", target!.Instance);
    }

    [Fact]
    public async Task Route_HeaderContextId_Used()
    {
        var target = await RouteAsync(Url, headers: [new("contextID", "8-8--cs_2_devcs_1_dev5")]);

        Assert.Equal("10.0.0.1:9105", target!.Instance);
    }

    [Fact]
    public async Task Route_SerialisedContextId_InnerIdUsed()
    {
        var inner = "{\"contextId\":\"8-8--cs_2_devcs_1_dev77\",\"user\":\"alice\"}";
        var serialised = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "LinkisHAWorkFlowContextID", ["value"] = inner });

        var target = await RouteAsync(Url + "?contextID=" + Uri.EscapeDataString(serialised));

        Assert.Equal("10.0.0.1:9105", target!.Instance);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("8-8--cs_7_devcs_8_dev1")]
    [InlineData("{not json")]
    public async Task Route_IdWithoutLabelledInstance_FirstLiveInstance(string contextId)
    {
        var target = await RouteAsync(Url + "?contextID=" + Uri.EscapeDataString(contextId));

        Assert.Equal("linkis-ps-publicservice", target!.Application);
        Assert.Equal("10.0.0.1:9105", target.Instance);
    }

    [Fact]
    public async Task Route_PublicServiceWithoutContextService_UsesDedicatedContextService()
    {
        var config = new LinkisConfig { Enabled = true, PublicServiceList = ["jobhistory"] };

        var target = await RouteAsync("/api/rest_j/v1/contextservice/createContextID", config: config);

        Assert.Equal("linkis-ps-cs", target!.Application);
    }

    [Fact]
    public async Task Route_ContextServiceNotRegistered_Null() =>
        Assert.Null(await RouteAsync(Url + "?contextID=8-8--cs_1_devcs_2_dev1", registry: Registry("linkis-cg-entrance@h:1")));

    private sealed class FakeLabels(Dictionary<string, LabelledInstance[]> routes) : IInstanceLabelLookup
    {
        public IReadOnlyList<LabelledInstance> FindInstances(string key, string value) =>
            key == LinkisLabelKeys.Route && routes.TryGetValue(value, out var found) ? found : [];
    }
}
