using Portico.Linkis;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;
using static Portico.Tests.Linkis.LinkisTestSupport;

namespace Portico.Tests.Linkis;

public sealed class LinkisPipelineTests
{
    private static LinkisPipeline Pipeline(params ILinkisRequestParser[] parsers) => new(parsers, [], [], new LinkisSettingsCache());

    private static readonly LinkisPipeline BuiltIn = Pipeline(new EntranceExecutionParser(), new EntranceRequestParser(), new EngineConnManagerRequestParser(), new ResultSetCacheParser());

    [Theory]
    [InlineData("POST", "/api/rest_j/v1/entrance/submit", true)]
    [InlineData("post", "/api/rest_j/v1/entrance/execute", true)]
    [InlineData("DELETE", "/api/rest_j/v1/entrance/killJobs", true)]
    [InlineData("POST", "/api/rest_j/v1/engine/resultSetCache/get", true)]
    [InlineData("POST", "/api/rest_j/v1/user/login", true)]
    [InlineData("PUT", "/api/rest_j/v1/user/x/y", true)]
    [InlineData("GET", "/api/rest_j/v1/entrance/submit", false)]
    [InlineData("GET", "/api/rest_j/v1/user/login", false)]
    [InlineData("POST", "/api/rest_j/v1/user", false)]
    [InlineData("POST", "/api/rest_j/v1/userXYZ/login", false)]
    [InlineData("POST", "/api/rest_j/v1/entrance/abc/kill", false)]
    [InlineData("POST", "/api/rest_j/v1/engineconnManager/downloadEngineLog", false)]
    [InlineData("POST", "/api/rest_j/v1/jobhistory/list", false)]
    public void NeedsBody_LinkisRules(string method, string path, bool expected) =>
        Assert.Equal(expected, BuiltIn.NeedsBody(Context(path, method)));

    [Fact]
    public void NeedsBody_UserParserAsks_True()
    {
        var pipeline = Pipeline(new WantsEverything());

        Assert.True(pipeline.NeedsBody(Context("/anything", "PATCH")));
        Assert.False(pipeline.NeedsBody(Context("/anything", "GET")));
    }

    [Fact]
    public void Parsers_SortedByOrderThenRegistration()
    {
        var a = new Ordered(5);
        var b = new Ordered(-1);
        var c = new Ordered(5);

        var pipeline = new LinkisPipeline([a, b, c], [new OrderedRouter(3), new OrderedRouter(-2)], [], new LinkisSettingsCache());

        Assert.Equal([b, a, c], pipeline.Parsers);
        Assert.Equal([-2, 3], pipeline.Routers.Select(r => r.Order));
    }

    [Fact]
    public void ContextOf_SameExchange_OneContext()
    {
        var context = Context("/api/rest_j/v1/x/y");
        var pipeline = Pipeline();

        Assert.Same(pipeline.ContextOf(context.Exchange), pipeline.ContextOf(context.Exchange));
    }

    [Fact]
    public void SettingsCache_SameConfig_SameCompiledSettings()
    {
        var cache = new LinkisSettingsCache();
        var config = new LinkisConfig { Enabled = true };

        Assert.Same(cache.Get(config), cache.Get(config));
        Assert.NotSame(cache.Get(config), cache.Get(config with { ServerVersion = "v2" }));
    }

    private sealed class WantsEverything : ILinkisRequestParser
    {
        public int Order => 0;

        public bool WantsBody(LinkisRequestContext context) => true;

        public void Parse(LinkisRequestContext context)
        {
        }
    }

    private sealed class Ordered(int order) : ILinkisRequestParser
    {
        public int Order => order;

        public bool WantsBody(LinkisRequestContext context) => false;

        public void Parse(LinkisRequestContext context)
        {
        }
    }

    private sealed class OrderedRouter(int order) : ILinkisRouter
    {
        public int Order => order;

        public ValueTask<ServiceTarget?> RouteAsync(LinkisRequestContext context) => default;
    }
}
