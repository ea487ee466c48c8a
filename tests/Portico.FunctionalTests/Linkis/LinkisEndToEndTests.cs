using System.Net;
using System.Text;
using Portico.FunctionalTests.Infrastructure;
using Portico.Linkis.Parsing;

namespace Portico.FunctionalTests.Linkis;

/// <summary>
/// Linkis requests followed to real echo backends through the load balancer and the forwarder: what the backend
/// receives (§1.5: path and query unchanged, <c>GATEWAY_URL</c>, <c>FIXED_INSTANCE</c>, the inner-request cookie, the
/// body byte for byte) and which instance serves a pinned request.
/// </summary>
public sealed class LinkisEndToEndTests : IAsyncLifetime
{
    private readonly InMemoryRegistry _registry = new();
    private TestUpstream _entrance1 = null!;
    private TestUpstream _entrance2 = null!;
    private TestUpstream _publicService = null!;
    private TestUpstream _manager = null!;
    private TestUpstream _engineConnManager = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _entrance1 = await TestUpstream.StartAsync();
        _entrance2 = await TestUpstream.StartAsync();
        _publicService = await TestUpstream.StartAsync();
        _manager = await TestUpstream.StartAsync();
        _engineConnManager = await TestUpstream.StartAsync();
        Register();
        _gateway = await LinkisGateway.StartAsync(_registry, probe: false);
    }

    private void Register(params (string App, string Authority)[] extra) => _registry.Set(
    [
        ("linkis-cg-entrance", _entrance1.Authority),
        ("linkis-cg-entrance", _entrance2.Authority),
        ("linkis-ps-publicservice", _publicService.Authority),
        ("linkis-cg-linkismanager", _manager.Authority),
        ("linkis-cg-engineconnmanager", _engineConnManager.Authority),
        .. extra,
    ]);

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var upstream in new[] { _entrance1, _entrance2, _publicService, _manager, _engineConnManager })
        {
            await upstream.DisposeAsync();
        }
    }

    [Fact]
    public async Task Submit_BackendReceivesRequestUnchangedPlusLinkisHeaders()
    {
        const string body = "{\"executionContent\":{\"code\":\"select 1\"},\"labels\":{\"engineType\":\"shell-1\",\"userCreator\":\"alice-IDE\"}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rest_j/v1/entrance/submit?a=1&b=x%2Fy") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", "linkis_user_session_ticket_id_v1=t");

        var response = await _gateway.Client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("/api/rest_j/v1/entrance/submit?a=1&b=x%2Fy", echo.RawTarget);
        Assert.Equal(body, echo.Body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), echo.BodyLength);
        Assert.Equal("linkis_user_session_ticket_id_v1=t;dataworkcloud_inner_request=true", echo.Header("Cookie"));
        Assert.Equal("http://127.0.0.1:" + _gateway.BaseAddress.Port, echo.Header("GATEWAY_URL"));
        Assert.Null(echo.Header("FIXED_INSTANCE"));
        Assert.Contains(echo.Server, new[] { _entrance1.Authority, _entrance2.Authority });
    }

    [Fact]
    public async Task ExecIdRequest_ServedByOwningInstanceWhichSeesFixedInstance()
    {
        foreach (var owner in new[] { _entrance1, _entrance2 })
        {
            var execId = ExecId.Encode("linkis-cg-entrance", [owner.Authority], "IDE_alice_3");

            var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync($"/api/rest_j/v1/entrance/{execId}/progress"));

            Assert.Equal(owner.Authority, echo.Server);
            Assert.Equal(owner.Authority, echo.Header("FIXED_INSTANCE"));
            Assert.Equal($"/api/rest_j/v1/entrance/{execId}/progress", echo.RawTarget);
        }
    }

    [Fact]
    public async Task ExecIdOfUnknownInstance_FallsBackToLiveEntrance()
    {
        var execId = ExecId.Encode("linkis-cg-entrance", ["127.0.0.1:1"], "IDE_alice_4");

        var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync($"/api/rest_j/v1/entrance/{execId}/status"));

        Assert.Contains(echo.Server, new[] { _entrance1.Authority, _entrance2.Authority });
        Assert.Equal("127.0.0.1:1", echo.Header("FIXED_INSTANCE"));
    }

    [Fact]
    public async Task EngineLogDownload_ServedByNamedManager()
    {
        var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync($"/api/rest_j/v1/engineconnManager/downloadEngineLog?emInstance={_engineConnManager.Authority}"));

        Assert.Equal(_engineConnManager.Authority, echo.Server);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/jobhistory/list?page=1", "publicService")]
    [InlineData("/api/rest_j/v1/linkisManager/rm/userresources", "manager")]
    public async Task CommonRule_ServedByResolvedApplication(string pathAndQuery, string backend)
    {
        var expected = backend == "manager" ? _manager : _publicService;

        var echo = await EchoResponse.ReadAsync(await _gateway.Client.GetAsync(pathAndQuery));

        Assert.Equal(expected.Authority, echo.Server);
        Assert.Equal(pathAndQuery, echo.RawTarget);
        Assert.Equal("dataworkcloud_inner_request=true", echo.Header("Cookie"));
    }

    [Fact]
    public async Task LargeUninspectedUpload_StreamedToBackend()
    {
        var bytes = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(bytes);

        var echo = await EchoResponse.ReadAsync(await _gateway.Client.PostAsync("/api/rest_j/v1/bml/upload", new ByteArrayContent(bytes)));

        Assert.Equal(bytes.Length, echo.BodyLength);
        Assert.Equal(_publicService.Authority, echo.Server);
    }

    [Fact]
    public async Task BackendDown_FrameworkErrorShape()
    {
        var stopped = await TestUpstream.StartAsync();
        var authority = stopped.Authority;
        await stopped.DisposeAsync();
        Register(("linkis-cg-stopped", authority));

        var response = await _gateway.Client.GetAsync("/api/rest_j/v1/cg-stopped/x");
        var body = await response.Content.ReadAsStringAsync();

        var status = (int)response.StatusCode;
        Assert.True(status >= 500, body);
        Assert.Equal($"{{\"method\":\"/api/rest_j/v1/cg-stopped/x\",\"status\":{status},\"message\":\"{Portico.Linkis.Messages.LinkisResponseWriter.ReasonPhrase(status)}, with request path:/api/rest_j/v1/cg-stopped/x\",\"data\":[]}}", body);
    }
}
