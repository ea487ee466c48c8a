using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.Errors;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Labels;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;
using Portico.Linkis;

namespace Portico.FunctionalTests.Linkis;

/// <summary>
/// Extension points and failure paths of Linkis mode through real gateways: user parsers and routers in priority order,
/// the instance-label lookup of the context-service router, errors thrown after routing, and switching Linkis mode on
/// by reloading the configuration.
/// </summary>
public sealed class LinkisPipelineTests : IAsyncLifetime
{
    private readonly InMemoryRegistry _registry = new();

    public Task InitializeAsync()
    {
        _registry.Set(
            ("linkis-cg-entrance", "10.0.0.1:9104"),
            ("linkis-cg-entrance", "10.0.0.2:9104"),
            ("linkis-ps-publicservice", "10.0.0.3:9105"),
            ("linkis-ps-publicservice", "10.0.0.4:9105"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UserParserAndRouter_RunInPriorityOrder()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, configure: services =>
        {
            services.AddSingleton<ILinkisRequestParser, TenantParser>();
            services.AddSingleton<ILinkisRouter, PinRouter>();
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/entrance/submit") { Content = new StringContent("{}") };
        request.Headers.Add("X-Tenant", "ps");
        request.Headers.Add("X-Pin", "10.0.0.4:9105");

        var probe = await LinkisProbe.ReadAsync(await gateway.Client.SendAsync(request));

        // The tenant parser (order 150) replaced the entrance chosen at order 100; the pin router chose the instance.
        Assert.Equal("lb://linkis-ps-publicservice/api/rest_j/v1/entrance/submit", probe.Url);
        Assert.Equal("10.0.0.4:9105", probe.Header("FIXED_INSTANCE"));
        Assert.Null(probe.LabelsApplication);
    }

    [Fact]
    public async Task UserParser_CommitsAnswer_LaterParsersSkipped()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, configure: services => services.AddSingleton<ILinkisRequestParser, TenantParser>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rest_j/v1/entrance/12345/status");
        request.Headers.Add("X-Tenant", "forbidden");

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/entrance/12345/status\",\"status\":1,\"message\":\"Tenant forbidden may not call the entrance.\",\"data\":{}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ContextService_HaIdAlias_PinsLabelledInstance()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, configure: services =>
            services.AddSingleton<IInstanceLabelLookup>(new AliasLabels("cs_1_dev", new LabelledInstance("linkis-ps-publicservice", "10.0.0.4:9105"))));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/contextservice/getContextValue") { Content = new StringContent("{}") };
        request.Headers.Add("contextID", "8-8--cs_1_devcs_2_dev10069");

        var probe = await LinkisProbe.ReadAsync(await gateway.Client.SendAsync(request));

        Assert.Equal("lb://linkis-ps-publicservice/api/rest_j/v1/contextservice/getContextValue", probe.Url);
        Assert.Equal("10.0.0.4:9105", probe.Header("FIXED_INSTANCE"));
    }

    [Fact]
    public async Task ContextService_Create_Unpinned()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry);

        var probe = await LinkisProbe.ReadAsync(await gateway.Client.PostAsync("/api/rest_j/v1/contextservice/createContextID", new StringContent("{}")));

        Assert.Equal("lb://linkis-ps-publicservice/api/rest_j/v1/contextservice/createContextID", probe.Url);
        Assert.Null(probe.Header("FIXED_INSTANCE"));
    }

    [Theory]
    [InlineData(503, "Service Unavailable, with request path:/api/rest_j/v1/jobhistory/list")]
    [InlineData(504, "Gateway Timeout, with request path:/api/rest_j/v1/jobhistory/list")]
    [InlineData(404, "Not Found")]
    public async Task FailureAfterRouting_FrameworkErrorShape(int status, string message)
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, probe: false, configure: services => services.AddSingleton<IGlobalFilter, ThrowingFilter>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rest_j/v1/jobhistory/list?x=1");
        request.Headers.Add("X-Throw", status.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":{status},\"message\":\"{message}\",\"data\":[]}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnexpectedFailureAfterRouting_500WithoutDetail()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, probe: false, configure: services => services.AddSingleton<IGlobalFilter, ThrowingFilter>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rest_j/v1/jobhistory/list");
        request.Headers.Add("X-Throw", "bug");

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/jobhistory/list\",\"status\":500,\"message\":\"Internal Server Error, with request path:/api/rest_j/v1/jobhistory/list\",\"data\":[]}", await response.Content.ReadAsStringAsync());
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == Portico.Logging.EventIdRanges.Linkis + 6 && e.Exception?.Message == "secret detail");
    }

    [Fact]
    public async Task LinkisErrorAfterRouting_AnsweredAsMessage()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, probe: false, configure: services => services.AddSingleton<IGlobalFilter, ThrowingFilter>());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/entrance/submit") { Content = new StringContent("{\"labels\":{\"route\":\"x\"}}") };
        request.Headers.Add("X-Throw", "linkis");

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var port = gateway.BaseAddress.Port;
        Assert.Equal(
            $"{{\"method\":\"/api/rest_j/v1/entrance/submit\",\"status\":1,\"message\":\"GatewayErrorException: errCode: 11012 ,desc: Cannot find an instance in the routing chain of serviceId:linkis-cg-entrance , please retry (在 serviceId:linkis-cg-entrance 的路由链中找不到实例，请重试) ,ip: 127.0.0.1 ,port: {port} ,serviceKind: linkis-mg-gateway\",\"data\":{{}}}}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConfiguredGatewayInstanceAndUrl_UsedInAnswersAndHeaders()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, linkisSettings: "gateway-instance: gw1.example.org:9001\nthis-url: https://linkis.example.org\ngateway-application: my-gateway");

        var probe = await LinkisProbe.ReadAsync(await gateway.Client.GetAsync("/api/rest_j/v1/jobhistory/list"));
        var answer = await (await gateway.Client.GetAsync("/api/rest_j/v1/nosuch/x")).Content.ReadAsStringAsync();
        var heartbeat = await (await gateway.Client.GetAsync("/api/rest_j/v1/gateway/heartbeat")).Content.ReadAsStringAsync();

        Assert.Equal("https://linkis.example.org", probe.Header("GATEWAY_URL"));
        Assert.EndsWith(",ip: gw1.example.org ,port: 9001 ,serviceKind: my-gateway\",\"data\":{}}", answer, StringComparison.Ordinal);
        Assert.Contains("\"gatewayList\":[\"gw1.example.org:9001\"]", heartbeat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThisSchema_UsedWithNodeAddress()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, linkisSettings: "this-schema: https");

        var probe = await LinkisProbe.ReadAsync(await gateway.Client.GetAsync("/api/rest_j/v1/jobhistory/list"));

        Assert.Equal("https://127.0.0.1:" + gateway.BaseAddress.Port, probe.Header("GATEWAY_URL"));
    }

    [Fact]
    public async Task Reload_EnablingLinkis_AddsRoutes()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  linkis:\n    enabled: false\n", services =>
        {
            services.AddSingleton<Portico.Discovery.IServiceRegistry>(_registry);
            services.AddSingleton<IGlobalFilter, LinkisProbeFilter>();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/api/rest_j/v1/jobhistory/list")).StatusCode);

        var status = await gateway.RewriteConfigAsync(LinkisGateway.Yaml());

        Assert.True(status.Succeeded);
        var probe = await LinkisProbe.ReadAsync(await gateway.Client.GetAsync("/api/rest_j/v1/jobhistory/list"));
        Assert.Equal("lb://linkis-ps-publicservice/api/rest_j/v1/jobhistory/list", probe.Url);
    }

    [Fact]
    public async Task Reload_InvalidLinkisSetting_KeepsLastGoodConfig()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry);

        var status = await gateway.RewriteConfigAsync(LinkisGateway.Yaml("server-version: one"));

        Assert.False(status.Succeeded);
        Assert.Contains(status.Errors, e => e.Field == "linkis.server-version");
        Assert.Equal("lb://linkis-ps-publicservice/api/rest_j/v1/jobhistory/list", (await LinkisProbe.ReadAsync(await gateway.Client.GetAsync("/api/rest_j/v1/jobhistory/list"))).Url);
    }

    [Fact]
    public async Task RegistryRefresh_ServiceRegistersWhileWaiting_Routed()
    {
        await using var gateway = await LinkisGateway.StartAsync(_registry, linkisSettings: "registry-refresh-enabled: true\nregistry-refresh-wait: 30s");

        var pending = gateway.Client.GetAsync("/api/rest_j/v1/latecomer/x");
        for (var i = 0; i < 400 && !Waiting(); i++)
        {
            await Task.Delay(25);
        }

        // The request must be waiting for the registry when the service appears, or this proves nothing.
        Assert.True(Waiting(), "The request never waited for the registry.");
        Assert.False(pending.IsCompleted);
        _registry.Set(("linkis-ps-publicservice", "10.0.0.3:9105"), ("linkis-latecomer", "10.0.0.9:1"));
        var probe = await LinkisProbe.ReadAsync(await pending.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal("lb://linkis-latecomer/api/rest_j/v1/latecomer/x", probe.Url);

        bool Waiting() => gateway.Logs.Entries.Any(e => e.EventId.Id == Portico.Logging.EventIdRanges.Linkis + 30);
    }

    /// <summary>Order 150: a tenant header can move a submit to the public service, or forbid the entrance.</summary>
    private sealed class TenantParser : ILinkisRequestParser
    {
        public int Order => LinkisParserOrder.EntranceExecution + 50;

        public bool WantsBody(LinkisRequestContext context) => false;

        public void Parse(LinkisRequestContext context)
        {
            var tenant = context.Headers["X-Tenant"].ToString();
            if (tenant == "forbidden")
            {
                context.Fail("Tenant forbidden may not call the entrance.");
            }
            else if (tenant == "ps" && context.Target is not null)
            {
                context.Target = new ServiceTarget("linkis-ps-publicservice");
            }
        }
    }

    /// <summary>Order 0 (after the HA router): pins the instance named by a header.</summary>
    private sealed class PinRouter : ILinkisRouter
    {
        public int Order => 0;

        public ValueTask<ServiceTarget?> RouteAsync(LinkisRequestContext context) =>
            new(context.Headers["X-Pin"].ToString() is { Length: > 0 } pin ? new ServiceTarget(context.Target!.Application, pin) : null);
    }

    private sealed class AliasLabels(string alias, LabelledInstance instance) : IInstanceLabelLookup
    {
        public IReadOnlyList<LabelledInstance> FindInstances(string key, string value) =>
            key == LinkisLabelKeys.Route && value == alias ? [instance] : [];
    }

    /// <summary>Fails at the load balancer's position as the header <c>X-Throw</c> says.</summary>
    private sealed class ThrowingFilter : IGlobalFilter
    {
        public int Order => GlobalFilterOrder.LoadBalancer - 1;

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain) => exchange.Request.Headers["X-Throw"].ToString() switch
        {
            "linkis" => throw LinkisErrors.CannotFindInstance(exchange.GetLinkisContext()!.RoutedTarget!.Application),
            "bug" => throw new InvalidOperationException("secret detail"),
            var status => throw new GatewayException(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), "upstream said no"),
        };
    }
}
