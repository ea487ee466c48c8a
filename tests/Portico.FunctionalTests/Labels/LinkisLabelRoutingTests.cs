using System.Net;
using System.Text;
using Portico.FunctionalTests.Infrastructure;
using Portico.Linkis.Parsing;

namespace Portico.FunctionalTests.Labels;

/// <summary>
/// Label routing end to end: a Linkis-mode gateway with its real registry and label store, entrance instances
/// registered through the native registry API on distinct loopback addresses (one with the Eureka-style metadata
/// <c>route=et1</c>), real echo backends, and the §6.3 label API served by the gateway.
/// </summary>
public sealed class LinkisLabelRoutingTests : IAsyncLifetime
{
    private const string Entrance = "linkis-cg-entrance";
    private const string Submit = "/api/rest_j/v1/entrance/submit";

    private TestUpstream _et1 = null!;
    private TestUpstream _plain1 = null!;
    private TestUpstream _plain2 = null!;
    private TestUpstream _publicService = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _et1 = await TestUpstream.StartAsync(address: "127.0.0.2");
        _plain1 = await TestUpstream.StartAsync(address: "127.0.0.3");
        _plain2 = await TestUpstream.StartAsync(address: "127.0.0.4");
        _publicService = await TestUpstream.StartAsync(address: "127.0.0.5");
        _gateway = await LabelGateway.StartAsync("portico:\n  linkis:\n    enabled: true\n");
        await _gateway.RegisterAsync(Entrance, "et1", _et1, new() { ["route"] = "et1" });
        await _gateway.RegisterAsync(Entrance, "plain1", _plain1);
        await _gateway.RegisterAsync(Entrance, "plain2", _plain2);
        await _gateway.RegisterAsync("linkis-ps-publicservice", "ps", _publicService);
        await _gateway.WaitForLabelsAsync(Entrance, _et1.Authority, e => e?.ValueOf("route") == "et1");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var upstream in new[] { _et1, _plain1, _plain2, _publicService })
        {
            await upstream.DisposeAsync();
        }
    }

    private async Task<HttpResponseMessage> SubmitAsync(string? route, string? fixedInstance = null, string query = "")
    {
        var labels = route is null ? "{\"engineType\":\"shell-1\",\"userCreator\":\"alice-IDE\"}" : $"{{\"engineType\":\"shell-1\",\"userCreator\":\"alice-IDE\",\"route\":\"{route}\"}}";
        var body = $"{{\"executionContent\":{{\"code\":\"echo 1\",\"runType\":\"shell\"}},\"params\":{{}},\"labels\":{labels}}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, Submit + query) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (fixedInstance is not null)
        {
            request.Headers.Add("FIXED_INSTANCE", fixedInstance);
        }

        return await _gateway.Client.SendAsync(request);
    }

    private async Task<string> ServedByAsync(string? route, string? fixedInstance = null, string query = "")
    {
        var echo = await EchoResponse.ReadAsync(await SubmitAsync(route, fixedInstance, query));
        return echo.Server;
    }

    private async Task<string> AdminPutAsync(string application, string instance, string labelsJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/rest_j/v1/microservice/instanceLabel")
        {
            Content = new StringContent($"{{\"applicationName\":\"{application}\",\"instance\":\"{instance}\",\"labels\":{labelsJson}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TestIdentityFilter.Header, TestIdentityFilter.Admin);
        var response = await _gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task MetadataRouteInstance_ServesItsLabel_NeverUnlabelledRequests()
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(_et1.Authority, await ServedByAsync("et1"));
        }

        var unlabelled = new HashSet<string>();
        for (var i = 0; i < 24; i++)
        {
            unlabelled.Add(await ServedByAsync(null));
        }

        Assert.DoesNotContain(_et1.Authority, unlabelled);
        Assert.Subset(new HashSet<string> { _plain1.Authority, _plain2.Authority }, unlabelled);
    }

    [Fact]
    public async Task QueryLabel_RoutesAsBodyLabelDoes()
    {
        Assert.Equal(_et1.Authority, await ServedByAsync(null, query: "?labels=et1"));

        var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync("/api/rest_j/v1/entrance/operation/metrics/runningtask?labelsRoute=et1"));
        Assert.Equal(_et1.Authority, echo.Server);
    }

    [Fact]
    public async Task LabelWithNoInstance_11011ExactJson()
    {
        var response = await SubmitAsync("nope");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json;charset=UTF-8", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(
            "{\"method\":\"/api/rest_j/v1/entrance/submit\",\"status\":1,\"message\":\"GatewayErrorException: errCode: 11011 ,desc: "
            + "Cannot route to the corresponding service, URL:/api/rest_j/v1/entrance/submit RouteLabel:[{\\\"labelKey\\\":\\\"route\\\",\\\"stringValue\\\":\\\"nope\\\"}]"
            + "(无法路由到相应的服务，URL：/api/rest_j/v1/entrance/submit RouteLabel: [{\\\"labelKey\\\":\\\"route\\\",\\\"stringValue\\\":\\\"nope\\\"}])"
            + $" ,ip: 127.0.0.1 ,port: {_gateway.BaseAddress.Port} ,serviceKind: linkis-mg-gateway\",\"data\":{{}}}}",
            body);
    }

    [Fact]
    public async Task PutThroughLinkisApi_TakesEffectOnNextRequest()
    {
        var answer = await AdminPutAsync(Entrance, _plain1.Authority, "[{\"labelKey\":\"route\",\"stringValue\":\"et2\"}]");

        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/instanceLabel\",\"status\":0,\"message\":\"success\",\"data\":{\"labels\":[{\"labelKey\":\"route\",\"stringValue\":\"et2\",\"modifiable\":true}]}}", answer);
        Assert.Equal(_plain1.Authority, await ServedByAsync("et2"));
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(_plain2.Authority, await ServedByAsync(null));
        }

        // Removing every label puts the instance back in the unlabelled pool at once.
        await AdminPutAsync(Entrance, _plain1.Authority, "[]");
        var served = new HashSet<string>();
        for (var i = 0; i < 24; i++)
        {
            served.Add(await ServedByAsync(null));
        }

        Assert.Contains(_plain1.Authority, served);
    }

    [Fact]
    public async Task AllInstance_AdminSeesTheMetadataLabel()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rest_j/v1/microservice/allInstance");
        request.Headers.Add(TestIdentityFilter.Header, TestIdentityFilter.Admin);

        var body = await (await _gateway.Client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.StartsWith("{\"method\":\"/api/rest_j/v1/microservice/allInstance\",\"status\":0,\"message\":\"OK\",\"data\":{\"instances\":[{\"id\":1,", body, StringComparison.Ordinal);
        Assert.Contains($"\"applicationName\":\"linkis-cg-entrance\",\"instance\":\"{_et1.Authority}\",\"labels\":[{{\"labelKey\":\"route\",\"stringValue\":\"et1\",\"modifiable\":true}}]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelApi_WithoutLogin_NotLoggedIn401()
    {
        var response = await _gateway.Client.GetAsync("/api/rest_j/v1/microservice/modifiableLabelKey");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/microservice/modifiableLabelKey\",\"status\":-1,\"message\":\"You are not logged in, please login first(您尚未登录，请先登录)!\",\"data\":{}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherMicroservicePaths_StillGoToThePublicService()
    {
        var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync("/api/rest_j/v1/microservice/somethingElse?x=1"));

        Assert.Equal(_publicService.Authority, echo.Server);
        Assert.Equal("/api/rest_j/v1/microservice/somethingElse?x=1", echo.RawTarget);
    }

    [Fact]
    public async Task Deregistration_RemovesLabels_LabelThenRoutesNowhere()
    {
        await _gateway.DeregisterAsync(Entrance, "et1");
        await _gateway.WaitForLabelsAsync(Entrance, _et1.Authority, e => e is null);

        var body = await (await SubmitAsync("et1")).Content.ReadAsStringAsync();

        Assert.Contains("\"status\":1,\"message\":\"GatewayErrorException: errCode: 11011 ,desc: Cannot route to the corresponding service", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientFixedInstanceOutsideLabels_IsIgnoredAndRequestFailsOverWithinPool()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.NotEqual(_et1.Authority, await ServedByAsync(null, fixedInstance: _et1.Authority));
        }

        Assert.Equal(_plain2.Authority, await ServedByAsync(null, fixedInstance: _plain2.Authority));
    }

    [Fact]
    public async Task ExecIdOfLabelledEntrance_ServedThereWithoutLabels()
    {
        var execId = ExecId.Encode(Entrance, [_et1.Authority], "IDE_alice_1");

        var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync($"/api/rest_j/v1/entrance/{execId}/status"));

        Assert.Equal(_et1.Authority, echo.Server);
        Assert.Equal(_et1.Authority, echo.Header("FIXED_INSTANCE"));
    }

    [Fact]
    public async Task ExecIdOfGoneEntrance_FailsOverOnlyToUnlabelledPool()
    {
        var execId = ExecId.Encode(Entrance, ["127.0.0.9:1"], "IDE_alice_2");

        for (var i = 0; i < 6; i++)
        {
            var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync($"/api/rest_j/v1/entrance/{execId}/status"));
            Assert.NotEqual(_et1.Authority, echo.Server);
        }
    }
}
