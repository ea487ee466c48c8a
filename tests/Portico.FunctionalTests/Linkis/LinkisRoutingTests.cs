using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Portico.FunctionalTests.Infrastructure;
using Portico.Linkis.Parsing;

namespace Portico.FunctionalTests.Linkis;

/// <summary>
/// Linkis parsing and routing through a real gateway: the routing decision as the load balancer would receive it
/// (request URL, <c>FIXED_INSTANCE</c>, <c>GATEWAY_URL</c>, the inner-request cookie, the body, the route labels), and
/// the exact bodies of the answers the gateway gives itself.
/// </summary>
public sealed class LinkisRoutingTests(LinkisFixture fixture) : IClassFixture<LinkisFixture>
{
    private HttpClient Client => fixture.Client;

    private string GatewayUrl => "http://127.0.0.1:" + fixture.GatewayPort;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private string RootCause(string exception, int code, string desc) =>
        $"{exception}: errCode: {code} ,desc: {desc} ,ip: 127.0.0.1 ,port: {fixture.GatewayPort} ,serviceKind: linkis-mg-gateway";

    [Fact]
    public async Task Submit_WithRouteLabel_EntranceUnpinnedLabelsAndForwardHeaders()
    {
        const string body = "{\"executionContent\":{\"code\":\"echo 1\"},\"params\":{},\"labels\":{\"engineType\":\"shell-1\",\"userCreator\":\"alice-IDE\",\"route\":\"et1\"}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/entrance/submit?x=1&y=%20z") { Content = Json(body) };
        request.Headers.Add("Cookie", "linkis_user_session_ticket_id_v1=abc");

        var probe = await LinkisProbe.ReadAsync(await Client.SendAsync(request));

        Assert.Equal("api", probe.RouteId);
        Assert.Equal("lb://linkis-cg-entrance/api/rest_j/v1/entrance/submit?x=1&y=%20z", probe.Url);
        Assert.Null(probe.Header("FIXED_INSTANCE"));
        Assert.Equal(GatewayUrl, probe.Header("GATEWAY_URL"));
        Assert.Equal("linkis_user_session_ticket_id_v1=abc;dataworkcloud_inner_request=true", probe.Header("Cookie"));
        Assert.Equal(body, Encoding.UTF8.GetString(probe.BodyBytes));
        Assert.Equal("linkis-cg-entrance", probe.LabelsApplication);
        Assert.Equal(["et1"], probe.Labels!["route"]);
        Assert.Equal(["shell-1"], probe.Labels["engineType"]);
    }

    [Fact]
    public async Task Execute_QueryLabels_TakePrecedenceAndNoCookieCreatesOne()
    {
        var probe = await LinkisProbe.ReadAsync(await Client.PostAsync("/api/rest_j/v1/entrance/execute?labels=dev", Json("{\"labels\":{\"route\":\"prod\"}}")));

        Assert.Equal(["dev"], probe.Labels!["route"]);
        Assert.Equal("dataworkcloud_inner_request=true", probe.Header("Cookie"));
    }

    [Fact]
    public async Task Submit_EmptyBody_ForwardedAsEmpty()
    {
        var probe = await LinkisProbe.ReadAsync(await Client.PostAsync("/api/rest_j/v1/entrance/submit", new ByteArrayContent([])));

        Assert.Equal("lb://linkis-cg-entrance/api/rest_j/v1/entrance/submit", probe.Url);
        Assert.Empty(probe.BodyBytes);
        Assert.NotNull(probe.Labels);
        Assert.Empty(probe.Labels);
    }

    [Fact]
    public async Task Submit_MalformedJson_ForwardedUnchangedWithoutLabels()
    {
        var probe = await LinkisProbe.ReadAsync(await Client.PostAsync("/api/rest_j/v1/entrance/submit", Json("{\"labels\":{\"route\":")));

        Assert.Equal("{\"labels\":{\"route\":", Encoding.UTF8.GetString(probe.BodyBytes));
        Assert.Empty(probe.Labels!);
    }

    [Fact]
    public async Task Submit_NonUtf8Body_ForwardedByteIdentical()
    {
        var bytes = Encoding.Latin1.GetBytes("{\"code\":\"caf\u00e9 \u00ff\"}");
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=ISO-8859-1");

        var probe = await LinkisProbe.ReadAsync(await Client.PostAsync("/api/rest_j/v1/entrance/submit", content));

        Assert.Equal(bytes, probe.BodyBytes);
    }

    [Fact]
    public async Task Submit_ChunkedBody_ForwardedByteIdentical()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('x', 700));
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/entrance/submit") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var probe = await LinkisProbe.ReadAsync(await Client.SendAsync(request));

        Assert.Equal(bytes, probe.BodyBytes);
    }

    [Fact]
    public async Task Submit_BodyOverLimit_413InFrameworkShapeNothingForwarded()
    {
        var response = await Client.PostAsync("/api/rest_j/v1/entrance/submit", Json(new string('x', 1025)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/entrance/submit\",\"status\":413,\"message\":\"Payload Too Large\",\"data\":[]}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UserUri_ChunkedBodyOverLimit_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[5000]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/user/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("{\"method\":\"/api/rest_j/v1/user/login\",\"status\":413,\"message\":\"Payload Too Large\",\"data\":[]}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UninspectedUrl_BodyOverLimit_StreamsThrough()
    {
        var bytes = new byte[5000];
        Random.Shared.NextBytes(bytes);

        var probe = await LinkisProbe.ReadAsync(await Client.PostAsync("/api/rest_j/v1/jobhistory/upload", new ByteArrayContent(bytes)));

        Assert.Equal("lb://linkis-ps-publicservice/api/rest_j/v1/jobhistory/upload", probe.Url);
        Assert.Equal(bytes, probe.BodyBytes);
    }

    [Fact]
    public async Task ExecIdRequest_PinsOwningInstanceOverClientValue()
    {
        var execId = ExecId.Encode("linkis-cg-entrance", [fixture.Entrance2.Authority], "IDE_alice_0");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rest_j/v1/entrance/{execId}/status");
        request.Headers.Add("FIXED_INSTANCE", fixture.Entrance1.Authority);

        var probe = await LinkisProbe.ReadAsync(await Client.SendAsync(request));

        Assert.Equal($"lb://linkis-cg-entrance/api/rest_j/v1/entrance/{execId}/status", probe.Url);
        Assert.Equal(fixture.Entrance2.Authority, probe.Header("FIXED_INSTANCE"));
        Assert.Equal("linkis-cg-entrance", probe.LabelsApplication);
    }

    [Fact]
    public async Task OperationWithInstance_Pinned()
    {
        var probe = await LinkisProbe.ReadAsync(await Client.GetAsync($"/api/rest_j/v1/entrance/operation/metrics/runningtask?instance={fixture.Entrance1.Authority}"));

        Assert.Equal(fixture.Entrance1.Authority, probe.Header("FIXED_INSTANCE"));
    }

    [Fact]
    public async Task EngineLogDownload_PinnedToEmInstance()
    {
        var probe = await LinkisProbe.ReadAsync(await Client.GetAsync($"/api/rest_j/v1/engineconnManager/downloadEngineLog?emInstance={fixture.EngineConnManager.Authority}&path=stdout"));

        Assert.Equal($"lb://linkis-cg-engineconnmanager/api/rest_j/v1/engineconnManager/downloadEngineLog?emInstance={fixture.EngineConnManager.Authority}&path=stdout", probe.Url);
        Assert.Equal(fixture.EngineConnManager.Authority, probe.Header("FIXED_INSTANCE"));
        Assert.Null(probe.LabelsApplication);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/jobhistory/list?pageSize=10", "linkis-ps-publicservice")]
    [InlineData("/api/rest_j/v1/linkisManager/rm/userresources", "linkis-cg-linkismanager")]
    [InlineData("/api/rest_j/v1/linkismanager/rm/userresources", "linkis-cg-linkismanager")]
    [InlineData("/api/rest_j/v1/cg-entrance/x", "linkis-cg-entrance")]
    [InlineData("/api/rest_s/v1/publicservice/x", "linkis-ps-publicservice")]
    public async Task CommonRule_ResolvesAgainstRegistry(string pathAndQuery, string application)
    {
        var probe = await LinkisProbe.ReadAsync(await Client.GetAsync(pathAndQuery));

        Assert.Equal($"lb://{application}{pathAndQuery}", probe.Url);
        Assert.Null(probe.Header("FIXED_INSTANCE"));
        Assert.Equal("dataworkcloud_inner_request=true", probe.Header("Cookie"));
    }

    [Fact]
    public async Task ConfiguredRoute_PrecedesLinkisRoutes()
    {
        var probe = await LinkisProbe.ReadAsync(await Client.GetAsync("/api/rest_j/v1/special/x"));

        Assert.Equal("special", probe.RouteId);
        Assert.StartsWith("http://127.0.0.1:", probe.Url, StringComparison.Ordinal);
        Assert.Null(probe.Header("GATEWAY_URL"));
        Assert.Null(probe.Header("Cookie"));
    }

    [Fact]
    public async Task UnknownService_10050Answer()
    {
        var json = await AnswerAsync(await Client.PostAsync("/api/rest_j/v1/nosuch/x", Json("{\"secret\":\"s3cr3t\"}")));

        var message = RootCause("NoApplicationExistsException", 10050, "Application nosuch does not exist any instances(应用程序 nosuch 不存在任何实例)");
        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/nosuch/x\",\"status\":1,\"message\":\"{message}\",\"data\":{{}}}}", json);
    }

    [Fact]
    public async Task AmbiguousService_11010Answer()
    {
        var json = await AnswerAsync(await Client.GetAsync("/api/rest_j/v1/manager/x"));

        var list = "List(linkis-cg-engineconnmanager, linkis-cg-linkismanager)";
        var message = RootCause("TooManyServiceException", 11010, $"Cannot find a correct serviceId for parsedServiceId:manager, service list are:{list}(无法为 parsedServiceId:manager 找到正确的 serviceId，服务列表为：{list})");
        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/manager/x\",\"status\":1,\"message\":\"{message}\",\"data\":{{}}}}", json);
    }

    [Theory]
    [InlineData("/api/rest_j/v2/jobhistory/list", "The gatewayv1 not support version v2.")]
    [InlineData("/api/rest_j/v2/entrance/submit", "The gatewayv1 not support version v2.")]
    [InlineData("/api/foo", "Cannot find a service to deal /api/foo, ignore it.")]
    [InlineData("/api/rest_j/v1/jobhistory", "Cannot find a service to deal /api/rest_j/v1/jobhistory, ignore it.")]
    [InlineData("/ws/info/x", "Cannot find a service to deal /ws/info/x, ignore it.")]
    public async Task ParserErrors_Http200Status1(string path, string message)
    {
        var json = await AnswerAsync(await Client.PostAsync(path, Json("{}")));

        Assert.Equal($"{{\"method\":\"{path}\",\"status\":1,\"message\":\"{message}\",\"data\":{{}}}}", json);
    }

    [Fact]
    public async Task MalformedExecId_Answered()
    {
        var json = await AnswerAsync(await Client.GetAsync("/api/rest_j/v1/entrance/12345/status"));

        Assert.Equal("{\"method\":\"/api/rest_j/v1/entrance/12345/status\",\"status\":1,\"message\":\"Invalid execID 12345: it starts neither with exec_id nor with three 2-digit length fields.\",\"data\":{}}", json);
    }

    [Fact]
    public async Task ResultSetCache_MalformedJson_Answered()
    {
        var json = await AnswerAsync(await Client.PostAsync("/api/rest_j/v1/engine/resultSetCache/get", Json("{oops")));

        Assert.Equal("{\"method\":\"/api/rest_j/v1/engine/resultSetCache/get\",\"status\":1,\"message\":\"The request body is not valid JSON (line 1, position 2).\",\"data\":{}}", json);
    }

    [Fact]
    public async Task ResultSetCache_MissingKey_Answered()
    {
        var json = await AnswerAsync(await Client.PostAsync("/api/rest_j/v1/engine/resultSetCache/get", Json("{\"serviceName\":\"linkis-cg-entrance\",\"instance\":\"h:1\",\"pageSize\":1}")));

        Assert.Equal("{\"method\":\"/api/rest_j/v1/engine/resultSetCache/get\",\"status\":1,\"message\":\"fsPath does not exist.\",\"data\":{}}", json);
    }

    [Fact]
    public async Task ResultSetCache_AllKeys_PinnedToNamedInstance()
    {
        var body = $"{{\"serviceName\":\"linkis-cg-entrance\",\"instance\":\"{fixture.Entrance1.Authority}\",\"fsPath\":\"/tmp/x\",\"pageSize\":5}}";

        var probe = await LinkisProbe.ReadAsync(await Client.PostAsync("/api/rest_j/v1/engine/resultSetCache/get", Json(body)));

        Assert.Equal("lb://linkis-cg-entrance/api/rest_j/v1/engine/resultSetCache/get", probe.Url);
        Assert.Equal(fixture.Entrance1.Authority, probe.Header("FIXED_INSTANCE"));
        Assert.Equal(body, Encoding.UTF8.GetString(probe.BodyBytes));
    }

    [Fact]
    public async Task Heartbeat_AnsweredByGateway()
    {
        var json = await AnswerAsync(await Client.GetAsync("/api/rest_j/v1/gateway/heartbeat"));

        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/gateway/heartbeat\",\"status\":0,\"message\":\"Gateway heartbeat ok!\",\"data\":{{\"gatewayList\":[\"127.0.0.1:{fixture.GatewayPort}\"],\"isHealthy\":true}}}}", json);
    }

    [Fact]
    public async Task LegacyDwsPrefix_404InFrameworkShape()
    {
        var response = await Client.GetAsync("/dws/scriptis/index.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"method\":\"/dws/scriptis/index.html\",\"status\":404,\"message\":\"Not Found\",\"data\":[]}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/api/rest_j/v1/entrance/submit", true)]
    [InlineData("PUT", "/api/rest_j/v1/entrance/killJobs", true)]
    [InlineData("POST", "/api/rest_j/v1/user/login", true)]
    [InlineData("DELETE", "/api/rest_j/v1/user/token", true)]
    [InlineData("POST", "/api/rest_j/v1/engine/resultSetCacheX/get", true)]
    [InlineData("GET", "/api/rest_j/v1/entrance/submit", false)]
    [InlineData("POST", "/api/rest_j/v1/jobhistory/list", false)]
    [InlineData("POST", "/api/rest_j/v1/entrance/operation/x/y", false)]
    public async Task BodyInspection_ExactlyOnLinkisUrls(string method, string path, bool inspected)
    {
        var body = path.Contains("resultSetCache", StringComparison.Ordinal)
            ? $"{{\"serviceName\":\"entrance\",\"instance\":\"{fixture.Entrance1.Authority}\",\"fsPath\":\"p\",\"pageSize\":1}}"
            : "{}";
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) };
        var probe = await LinkisProbe.ReadAsync(await Client.SendAsync(request));

        Assert.Equal(inspected, probe.Inspected);
        Assert.Equal(body, Encoding.UTF8.GetString(probe.BodyBytes));
    }

    [Fact]
    public async Task WebSocketRoute_PlainGet_AnsweredByTheMultiplexerNotForwarded()
    {
        // The ws route ends at the WebSocket multiplexer (Linkis/WebSockets), which only accepts upgrades.
        var response = await Client.GetAsync("/ws/api/entrance/connect");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"method\":\"/ws/api/entrance/connect\",\"status\":400,\"message\":\"Bad Request\",\"data\":[]}", await response.Content.ReadAsStringAsync());
    }
}
