using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.Linkis;
using Portico.Linkis.Messages;
using Portico.Linkis.Routing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis.Routing;

public sealed class ServiceResolverTests
{
    private static readonly RegistrySnapshot Linkis = Registry(
        "linkis-cg-entrance@10.0.0.1:9104",
        "linkis-cg-linkismanager@10.0.0.1:9101",
        "linkis-cg-engineconnmanager@10.0.0.1:9102",
        "linkis-ps-publicservice@10.0.0.1:9105",
        "linkis-mg-gateway@10.0.0.1:9001");

    private static ServiceResolver Resolver(IServiceRegistry? registry = null) =>
        new(TimeProvider.System, NullLogger<ServiceResolver>.Instance, registry ?? new TestRegistry(RegistrySnapshot.Empty));

    private static ValueTask<ServiceTarget> ResolveAsync(string application, string? instance = null, RegistrySnapshot? registry = null, LinkisConfig? config = null, IServiceRegistry? source = null)
    {
        var context = Context("/api/rest_j/v1/x/y", registry: registry ?? Linkis, config: config);
        return Resolver(source).ResolveAsync(context, new ServiceTarget(application, instance), CancellationToken.None);
    }

    [Theory]
    [InlineData("linkis-cg-entrance", "linkis-cg-entrance")]
    [InlineData("cg-entrance", "linkis-cg-entrance")]
    [InlineData("entrance", "linkis-cg-entrance")]
    [InlineData("LINKIS-CG-ENTRANCE", "linkis-cg-entrance")]
    [InlineData("linkismanager", "linkis-cg-linkismanager")]
    [InlineData("publicservice", "linkis-ps-publicservice")]
    public async Task Resolve_SingleContainingName_UsesRegistryName(string parsed, string registered)
    {
        var target = await ResolveAsync(parsed, "10.0.0.1:9104");

        Assert.Equal(registered, target.Application);
        Assert.Equal("10.0.0.1:9104", target.Instance);
    }

    [Fact]
    public async Task Resolve_RegistryNameInOtherCase_KeepsRegistryCasing()
    {
        var target = await ResolveAsync("linkis-cg-entrance", registry: Registry("LINKIS-CG-ENTRANCE@h:1"));

        Assert.Equal("LINKIS-CG-ENTRANCE", target.Application);
    }

    [Theory]
    [InlineData("manager", "List(linkis-cg-engineconnmanager, linkis-cg-linkismanager)")]
    [InlineData("cg", "List(linkis-cg-engineconnmanager, linkis-cg-entrance, linkis-cg-linkismanager)")]
    [InlineData("linkis", "List(linkis-cg-engineconnmanager, linkis-cg-entrance, linkis-cg-linkismanager, linkis-mg-gateway, linkis-ps-publicservice)")]
    public async Task Resolve_SeveralContainingNames_11010(string parsed, string list)
    {
        var error = await Assert.ThrowsAsync<LinkisErrorException>(async () => await ResolveAsync(parsed));

        Assert.Equal(11010, error.ErrorCode);
        Assert.Equal($"Cannot find a correct serviceId for parsedServiceId:{parsed}, service list are:{list}(无法为 parsedServiceId:{parsed} 找到正确的 serviceId，服务列表为：{list})", error.Description);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("linkis-cg-entrance-x")]
    public async Task Resolve_NoContainingName_10050(string parsed)
    {
        var error = await Assert.ThrowsAsync<LinkisErrorException>(async () => await ResolveAsync(parsed));

        Assert.Equal(10050, error.ErrorCode);
        Assert.Equal($"Application {parsed} does not exist any instances(应用程序 {parsed} 不存在任何实例)", error.Description);
    }

    [Fact]
    public async Task Resolve_OnlyDownInstances_NotRegistered()
    {
        var registry = Registry("linkis-cg-entrance@h:1", "linkis-cg-entrance-old@h:2!down");

        var target = await ResolveAsync("entrance", registry: registry);
        var error = await Assert.ThrowsAsync<LinkisErrorException>(async () => await ResolveAsync("entrance-old", registry: registry));

        Assert.Equal("linkis-cg-entrance", target.Application);
        Assert.Equal(10050, error.ErrorCode);
    }

    [Fact]
    public async Task Resolve_UnknownInstanceWithoutRefresh_KeptForTheLoadBalancer()
    {
        var target = await ResolveAsync("entrance", "10.9.9.9:1");

        Assert.Equal("10.9.9.9:1", target.Instance);
    }

    [Fact]
    public async Task Resolve_RefreshEnabled_WaitsForServiceToRegister()
    {
        var source = new TestRegistry(Registry("a@h:1"));
        var config = new LinkisConfig { Enabled = true, RegistryRefreshEnabled = true, RegistryRefreshWait = TimeSpan.FromSeconds(30) };
        var context = Context("/api/rest_j/v1/x/y", registry: source.Current, config: config);

        var pending = Resolver(source).ResolveAsync(context, new ServiceTarget("late-service"), CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);
        source.Publish(new RegistrySnapshot([Instance("a@h:1"), Instance("my-late-service@h:2")], 2));
        var target = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("my-late-service", target.Application);
        Assert.Equal(2, context.Registry.Version);
    }

    [Fact]
    public async Task Resolve_RefreshEnabledInstanceNeverAppears_10051()
    {
        var source = new TestRegistry(Linkis);
        var config = new LinkisConfig { Enabled = true, RegistryRefreshEnabled = true, RegistryRefreshWait = TimeSpan.FromMilliseconds(50) };

        var error = await Assert.ThrowsAsync<LinkisErrorException>(async () => await ResolveAsync("entrance", "10.9.9.9:1", config: config, source: source));

        Assert.Equal(10051, error.ErrorCode);
        Assert.Equal("The instance:10.9.9.9:1 of application linkis-cg-entrance does not exist(应用程序:10.9.9.9:1 的实例:linkis-cg-entrance 不存在).", error.Description);
    }

    [Fact]
    public async Task Resolve_RefreshEnabledRegisteredInstance_NoWait()
    {
        var source = new TestRegistry(Linkis);
        var config = new LinkisConfig { Enabled = true, RegistryRefreshEnabled = true, RegistryRefreshWait = TimeSpan.FromMinutes(5) };

        var target = await ResolveAsync("entrance", "10.0.0.1:9104", config: config, source: source);

        Assert.Equal("10.0.0.1:9104", target.Instance);
    }
}
