using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.Errors;
using Portico.Labels;
using Portico.Linkis;
using Portico.Linkis.Messages;
using Portico.Linkis.Routing;
using Portico.LoadBalancing;
using Portico.Tests.LoadBalancing;
using Portico.Tests.TestSupport;
using static Portico.Tests.Labels.LabelTestSupport;

namespace Portico.Tests.Labels;

public sealed class LabelRoutingStepTests : IDisposable
{
    private const string Entrance = "linkis-cg-entrance";
    private const string SubmitPath = "/api/rest_j/v1/entrance/submit";

    // a: route=et1 tenant=t1, b: route=et1 tenant=t2, c: route=et2, d: known but unlabelled, e: never labelled.
    private static readonly ServiceInstance[] Five =
    [
        Lb.Instance("a", "10.0.0.1", 9104, Entrance),
        Lb.Instance("b", "10.0.0.2", 9104, Entrance),
        Lb.Instance("c", "10.0.0.3", 9104, Entrance),
        Lb.Instance("d", "10.0.0.4", 9104, Entrance),
        Lb.Instance("e", "10.0.0.5", 9104, Entrance),
    ];

    private readonly LabelStore _store = MemoryStore();

    public LabelRoutingStepTests()
    {
        _store.LabelAsync(Entrance, "10.0.0.1:9104", "route=et1", "tenant=t1").GetAwaiter().GetResult();
        _store.LabelAsync(Entrance, "10.0.0.2:9104", "route=et1", "tenant=t2").GetAwaiter().GetResult();
        _store.LabelAsync(Entrance, "10.0.0.3:9104", "route=et2").GetAwaiter().GetResult();
        _store.LabelAsync(Entrance, "10.0.0.4:9104").GetAwaiter().GetResult();
    }

    public void Dispose() => _store.Dispose();

    private LabelRoutingStep Step() => new(_store, NullLogger<LabelRoutingStep>.Instance, [new LinkisLabelRouting()], [new LinkisLabelRouting()]);

    /// <summary>A Linkis request whose routing filter attached <paramref name="labels"/> (key=v1,v2 texts).</summary>
    private static GatewayExchange LinkisExchange(string[] labels, string? parserPin = null, string? fixedInstance = null, string application = Entrance)
    {
        var headers = fixedInstance is null ? null : new[] { new KeyValuePair<string, string>("FIXED_INSTANCE", fixedInstance) };
        var linkis = Linkis.LinkisTestSupport.Context(SubmitPath, "POST", headers: headers);
        linkis.RoutedTarget = new ServiceTarget(application, parserPin);
        var map = labels.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => (IReadOnlyList<string>)p[1].Split(','), StringComparer.Ordinal);
        linkis.Exchange.SetRequestLabels(new RequestLabels(application, map));
        return linkis.Exchange;
    }

    private InstanceSelectionContext Run(GatewayExchange exchange, LabelRoutingConfig? options = null, IReadOnlyList<ServiceInstance>? registered = null, bool affinity = false)
    {
        var context = Lb.Context(registered ?? Five, exchange, new ServiceConfig { Labels = options ?? new LabelRoutingConfig() }, Entrance);
        new RegistryStatusStep().Apply(context);
        Step().Apply(context);
        if (affinity)
        {
            new AffinityStep().Apply(context);
        }

        return context;
    }

    [Fact]
    public void Order_IsTheLabelsSlotBeforeAffinity()
    {
        Assert.Equal(InstanceSelectionStepOrder.Labels, Step().Order);
        Assert.True(Step().Order < new AffinityStep().Order);
    }

    [Fact]
    public void RouteLabel_KeepsOnlyInstancesCarryingIt()
    {
        var context = Run(LinkisExchange(["route=et1"]));
        Assert.Equal(["a", "b"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void SeveralValuesOfOneKey_AnyValueMatches()
    {
        var context = Run(LinkisExchange(["route=et2,et1"]));
        Assert.Equal(["a", "b", "c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void SeveralRoutingKeys_EveryRequestedKeyMustMatch()
    {
        var context = Run(LinkisExchange(["route=et1", "tenant=t2"]), new LabelRoutingConfig { RoutingKeys = ["route", "tenant"] });
        Assert.Equal(["b"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void RoutingKeyNotRequested_IsNotRequiredOfInstances()
    {
        var context = Run(LinkisExchange(["route=et1,et2"]), new LabelRoutingConfig { RoutingKeys = ["route", "tenant"] });
        Assert.Equal(["a", "b", "c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void KeyThatIsNotARoutingKey_IsIgnored()
    {
        // Linkis submits always carry engineType and userCreator; only route routes by default.
        var context = Run(LinkisExchange(["engineType=shell-1", "userCreator=alice-IDE", "tenant=t1"]));
        Assert.Equal(["d", "e"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void RoutingLabelValueCaseMatters()
    {
        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange(["route=ET1"])));
        Assert.Equal(LinkisErrors.CannotRouteCode, ex.ErrorCode);
    }

    [Fact]
    public void NoLabels_KeepsUnlabelledPool_InstanceKnownWithoutLabelsIncluded()
    {
        var context = Run(LinkisExchange([]));
        Assert.Equal(["d", "e"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void NoInstanceOfTheServiceLabelled_KeepsEveryCandidate()
    {
        var others = new[] { Lb.Instance("x", "10.0.9.1", 9104, Entrance), Lb.Instance("y", "10.0.9.2", 9104, Entrance) };
        var context = Run(LinkisExchange([]), registered: others);
        Assert.Equal(["x", "y"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void LabelMatchesNoInstanceAnywhere_Throws11011WithLinkisText()
    {
        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange(["route=nope"])));

        Assert.Equal(11011, ex.ErrorCode);
        Assert.Equal(LinkisErrors.GatewayErrorException, ex.ExceptionName);
        Assert.Equal(
            "Cannot route to the corresponding service, URL:/api/rest_j/v1/entrance/submit RouteLabel:[{\"labelKey\":\"route\",\"stringValue\":\"nope\"}]"
            + "(无法路由到相应的服务，URL：/api/rest_j/v1/entrance/submit RouteLabel: [{\"labelKey\":\"route\",\"stringValue\":\"nope\"}])",
            ex.Description);
    }

    [Fact]
    public async Task LabelCarriedOnlyByAnotherApplication_Throws11011NoRouteLabelService()
    {
        await _store.LabelAsync("linkis-ps-publicservice", "10.0.0.9:9105", "route=cs_1_dev");

        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange(["route=cs_1_dev"])));

        Assert.Equal(11011, ex.ErrorCode);
        Assert.Equal("There is no route label service with the corresponding app name (没有对应app名称的路由标签服务)", ex.Description);
    }

    [Fact]
    public async Task LabelledInstanceNotInRegistry_Throws11012()
    {
        await _store.LabelAsync(Entrance, "10.0.0.8:9104", "route=crashed");

        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange(["route=crashed"])));

        Assert.Equal(11012, ex.ErrorCode);
        Assert.Equal("Cannot find an instance in the routing chain of serviceId:linkis-cg-entrance , please retry (在 serviceId:linkis-cg-entrance 的路由链中找不到实例，请重试)", ex.Description);
    }

    [Fact]
    public void LabelledInstanceRegisteredButDown_Throws11012()
    {
        var registered = Five.Select(i => i.InstanceId == "c" ? i with { Status = InstanceStatus.Down } : i).ToArray();

        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange(["route=et2"]), registered: registered));

        Assert.Equal(11012, ex.ErrorCode);
    }

    [Fact]
    public void NoLabelsAndEveryInstanceLabelled_Throws11011NoServices()
    {
        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange([]), registered: Five[..3]));

        Assert.Equal(11011, ex.ErrorCode);
        Assert.Equal("There are no services available in the registry URL:/api/rest_j/v1/entrance/submit (注册表 URL 中没有可用的服务)", ex.Description);
    }

    [Fact]
    public void FallbackToUnlabeled_LabelWithoutInstance_UsesUnlabelledPool()
    {
        var context = Run(LinkisExchange(["route=nope"]), new LabelRoutingConfig { FallbackToUnlabeled = true });
        Assert.Equal(["d", "e"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void FallbackToUnlabeled_MatchingInstancesStillPreferred()
    {
        var context = Run(LinkisExchange(["route=et2"]), new LabelRoutingConfig { FallbackToUnlabeled = true });
        Assert.Equal(["c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void FallbackToUnlabeled_NoUnlabelledInstance_Throws11011NoServices()
    {
        var ex = Assert.Throws<LinkisErrorException>(() => Run(LinkisExchange(["route=nope"]), new LabelRoutingConfig { FallbackToUnlabeled = true }, Five[..3]));
        Assert.StartsWith("There are no services available in the registry", ex.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientFixedInstanceOutsideAllowedSet_IsDroppedAndFailsOverWithinIt()
    {
        var context = Run(LinkisExchange([], fixedInstance: "10.0.0.1:9104"), affinity: true);

        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.NotAllowed, context.FailoverReason);
        Assert.Equal(["d", "e"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void ClientFixedInstanceInsideAllowedSet_IsPinned()
    {
        var context = Run(LinkisExchange(["route=et1"], fixedInstance: "10.0.0.2:9104"), affinity: true);

        Assert.Same(Five[1], context.Pinned);
        Assert.Equal(["a", "b"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void ClientFixedInstanceWithOtherLabel_IsDropped()
    {
        var context = Run(LinkisExchange(["route=et2"], fixedInstance: "10.0.0.1:9104"), affinity: true);

        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.NotAllowed, context.FailoverReason);
        Assert.Equal(["c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void ParserPinnedLiveLabelledInstance_StaysAllowedWithoutLabels()
    {
        // An execID names the entrance that owns the job: Linkis sends status requests there whatever their labels.
        var context = Run(LinkisExchange([], parserPin: "10.0.0.1:9104", fixedInstance: "10.0.0.1:9104"), affinity: true);

        Assert.Same(Five[0], context.Pinned);
        Assert.Equal(["a", "d", "e"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void ParserPinnedDeadInstance_FailsOverOnlyWithinUnlabelledPool()
    {
        var context = Run(LinkisExchange([], parserPin: "10.0.0.77:9104", fixedInstance: "10.0.0.77:9104"), affinity: true);

        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.Unknown, context.FailoverReason);
        Assert.Equal(["d", "e"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void ParserPinnedDownInstance_FailsOverWithinLabelledSet()
    {
        var registered = Five.Select(i => i.InstanceId == "a" ? i with { Status = InstanceStatus.Down } : i).ToArray();

        var context = Run(LinkisExchange(["route=et1"], parserPin: "10.0.0.1:9104", fixedInstance: "10.0.0.1:9104"), registered: registered, affinity: true);

        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.NotUp, context.FailoverReason);
        Assert.Equal(["b"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void LabelRoutingDisabledForService_LinkisLabelsIgnored()
    {
        var context = Run(LinkisExchange(["route=nope"]), new LabelRoutingConfig { Enabled = false });
        Assert.Equal(5, context.Candidates.Length);
    }

    [Fact]
    public void LabelsAttachedForAnotherApplication_ServiceNotLabelRouted_Untouched()
    {
        var context = Run(LinkisExchange(["route=et1"], application: "linkis-ps-publicservice"));
        Assert.Equal(5, context.Candidates.Length);
    }

    [Fact]
    public void NonLinkisRoute_NotEnabled_Untouched()
    {
        var context = Run(TestExchange.Create("GET", "/orders?labels=et1"));
        Assert.Equal(5, context.Candidates.Length);
    }

    [Theory]
    [InlineData("/x?labels=et1", new[] { "a", "b" })]
    [InlineData("/x?labelsRoute=et2", new[] { "c" })]
    [InlineData("/x?labels=et2,%20et1&labelsRoute=zzz", new[] { "a", "b", "c" })]
    [InlineData("/x?labels=&labelsRoute=et2", new[] { "c" })]
    [InlineData("/x", new[] { "d", "e" })]
    [InlineData("/x?other=1", new[] { "d", "e" })]
    public void NonLinkisRoute_Enabled_QueryLabelsRoute(string pathAndQuery, string[] expected)
    {
        var context = Run(TestExchange.Create("GET", pathAndQuery), new LabelRoutingConfig { Enabled = true });
        Assert.Equal(expected, Lb.Ids(context.Candidates));
    }

    [Fact]
    public void NonLinkisRoute_LabelWithoutInstance_503NamingServiceAndLabels()
    {
        var ex = Assert.Throws<GatewayException>(() => Run(TestExchange.Create("GET", "/x?labels=nope"), new LabelRoutingConfig { Enabled = true }));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("No instance of service 'linkis-cg-entrance' carries the labels route=nope; label an instance, or send labels one of its instances carries.", ex.Message);
    }

    [Fact]
    public void NonLinkisRoute_LabelledInstancesUnavailable_503()
    {
        var ex = Assert.Throws<GatewayException>(() => Run(TestExchange.Create("GET", "/x?labels=et2"), new LabelRoutingConfig { Enabled = true }, Five[..2]));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("The instances of service 'linkis-cg-entrance' labelled route=et2 are not available (not registered, not UP, or excluded).", ex.Message);
    }

    [Fact]
    public void NonLinkisRoute_NoUnlabelledInstance_503()
    {
        var ex = Assert.Throws<GatewayException>(() => Run(TestExchange.Create("GET", "/x"), new LabelRoutingConfig { Enabled = true }, Five[..3]));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("Service 'linkis-cg-entrance' has no available unlabelled instance for a request without routing labels; its labelled instances serve only requests that ask for their labels.", ex.Message);
    }

    [Fact]
    public void LinkisServiceSwitchedOnPerService_ReadsLabelsAsLinkisDoes()
    {
        // The Linkis filters attach labels only for label-routed applications; services.<id>.labels.enabled adds more.
        var linkis = Linkis.LinkisTestSupport.Context("/api/rest_j/v1/entrance/x/y?labels=et2");
        var context = Run(linkis.Exchange, new LabelRoutingConfig { Enabled = true });
        Assert.Equal(["c"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public async Task ChangeInStore_TakesEffectOnNextSelection()
    {
        Assert.Equal(["c"], Lb.Ids(Run(LinkisExchange(["route=et2"])).Candidates));

        await _store.LabelAsync(Entrance, "10.0.0.5:9104", "route=et2");

        Assert.Equal(["c", "e"], Lb.Ids(Run(LinkisExchange(["route=et2"])).Candidates));
        Assert.Equal(["d"], Lb.Ids(Run(LinkisExchange([])).Candidates));
    }

    [Fact]
    public void RequestWithoutLabels_AllocatesNothing()
    {
        var step = Step();
        var linkis = LinkisExchange([]);
        var plain = TestExchange.Create("GET", "/x");
        var enabled = new ServiceConfig { Labels = new LabelRoutingConfig { Enabled = true } };
        var linkisSettings = new ServiceConfig();
        Measure(linkis, linkisSettings);
        Measure(plain, enabled);

        Assert.Equal(0, Measure(linkis, linkisSettings));
        Assert.Equal(0, Measure(plain, enabled));

        long Measure(GatewayExchange exchange, ServiceConfig settings)
        {
            var context = Lb.Context(Five, exchange, settings, Entrance);
            var before = GC.GetAllocatedBytesForCurrentThread();
            step.Apply(context);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(["d", "e"], Lb.Ids(context.Candidates));
            return allocated;
        }
    }

    [Fact]
    public void RouteLabelsJson_EscapesLikeJackson()
    {
        var labels = new RequestLabels(Entrance, new Dictionary<string, IReadOnlyList<string>> { ["route"] = ["a\"b", "c\\d"], ["engineType"] = ["x"] });

        Assert.Equal(
            "[{\"labelKey\":\"route\",\"stringValue\":\"a\\\"b\"},{\"labelKey\":\"route\",\"stringValue\":\"c\\\\d\"}]",
            LinkisLabelRouting.RouteLabelsJson(labels, ["route"]));
    }
}
