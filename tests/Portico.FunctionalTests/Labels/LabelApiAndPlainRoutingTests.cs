using System.Net;
using System.Text.Json;
using System.Text;
using Portico.FunctionalTests.Infrastructure;
using Portico.Labels;

namespace Portico.FunctionalTests.Labels;

/// <summary>
/// Label routing on an ordinary <c>lb://</c> route (D16: <c>services.orders.labels.enabled</c>, labels from
/// <c>?labels=</c>), driven through Portico's own label API under <c>/portico/labels</c>.
/// </summary>
public sealed class LabelApiAndPlainRoutingTests : IAsyncLifetime
{
    private TestUpstream _blue = null!;
    private TestUpstream _plain = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _blue = await TestUpstream.StartAsync(address: "127.0.0.2");
        _plain = await TestUpstream.StartAsync(address: "127.0.0.3");
        _gateway = await LabelGateway.StartAsync("""
            portico:
              services:
                orders:
                  labels:
                    enabled: true
              routes:
                - id: orders
                  uri: lb://orders
                  predicates: [Path=/orders/**]
            """);
        await _gateway.RegisterAsync("orders", "blue", _blue, new() { ["route"] = "blue" });
        await _gateway.RegisterAsync("orders", "plain", _plain);
        await _gateway.WaitForLabelsAsync("orders", _blue.Authority, e => e?.ValueOf("route") == "blue");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _blue.DisposeAsync();
        await _plain.DisposeAsync();
    }

    private async Task<string> ServedByAsync(string pathAndQuery) =>
        (await EchoResponse.ReadAsync(await _gateway.Client.GetAsync(pathAndQuery))).Server;

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null) =>
        _gateway.Client.SendAsync(new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") });

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task QueryLabel_GoesToLabelledInstance_UnlabelledRequestsNeverDo()
    {
        Assert.Equal(_blue.Authority, await ServedByAsync("/orders/1?labels=blue"));
        Assert.Equal(_blue.Authority, await ServedByAsync("/orders/1?labelsRoute=blue"));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(_plain.Authority, await ServedByAsync("/orders/1"));
        }
    }

    [Fact]
    public async Task LabelWithoutInstance_503ProblemNamingServiceAndLabel()
    {
        var response = await _gateway.Client.GetAsync("/orders/1?labels=nope");
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("No instance of service 'orders' carries the labels route=nope; label an instance, or send labels one of its instances carries.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AdminApi_ReplaceThenRoute_ThenLookupByLabel()
    {
        var put = await SendAsync(HttpMethod.Put, $"/portico/labels/instances/orders/{_plain.Authority}", "{\"route\":\"green\",\"tenant\":\"t1\"}");
        var entry = await JsonAsync(put);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("orders", entry.GetProperty("application").GetString());
        Assert.Equal(_plain.Authority, entry.GetProperty("instance").GetString());
        Assert.Equal("{\"route\":\"green\",\"tenant\":\"t1\"}", entry.GetProperty("labels").GetRawText());
        Assert.Equal(_plain.Authority, await ServedByAsync("/orders/1?labels=green"));

        var found = await JsonAsync(await _gateway.Client.GetAsync("/portico/labels/route/green"));
        Assert.Equal($"{{\"key\":\"route\",\"value\":\"green\",\"instances\":[{{\"application\":\"orders\",\"instance\":\"{_plain.Authority}\"}}]}}", found.GetRawText());

        var all = await JsonAsync(await _gateway.Client.GetAsync("/portico/labels?app=ORDERS"));
        Assert.Equal(2, all.GetProperty("instances").GetArrayLength());
    }

    [Fact]
    public async Task AdminApi_AddDuplicateKey_409NamingFieldAndStoreUnchanged()
    {
        var before = _gateway.Labels().Current;

        var response = await SendAsync(HttpMethod.Post, $"/portico/labels/instances/orders/{_blue.Authority}", "{\"route\":\"red\"}");
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("key", problem.GetProperty("field").GetString());
        Assert.Equal($"Instance '{_blue.Authority}' of 'orders' already carries route=blue; remove that label first, or set or replace it.", problem.GetProperty("detail").GetString());
        Assert.Same(before, _gateway.Labels().Current);
    }

    [Theory]
    [InlineData("{\"route\":1}", "labels.route", "The value of label 'route' must be a string, not a number.")]
    [InlineData("[]", "body", "The body must be a JSON object such as {\"route\":\"et1\"}.")]
    [InlineData("{\"bad key\":\"x\"}", "key", "Label key 'bad key' contains the character U+0020; use letters, digits, '_' and '.' only.")]
    [InlineData("{\"route\":\"a,b\"}", "value", "The value 'a,b' of label 'route' contains ','; values cannot contain ',', ';', '=', spaces or control characters.")]
    [InlineData("{\"route\":\"a\",\"route\":\"b\"}", "labels", "Label key 'route' is given twice; an instance carries one value per key.")]
    public async Task AdminApi_BadReplaceBody_400NamingFieldAndStoreUnchanged(string json, string field, string detail)
    {
        var before = _gateway.Labels().Current;

        var response = await SendAsync(HttpMethod.Put, $"/portico/labels/instances/orders/{_blue.Authority}", json);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Same(before, _gateway.Labels().Current);
        Assert.Equal(_blue.Authority, await ServedByAsync("/orders/1?labels=blue"));
    }

    [Fact]
    public async Task AdminApi_SetRemoveAndForget()
    {
        var set = await SendAsync(HttpMethod.Put, $"/portico/labels/instances/orders/{_blue.Authority}/tenant", "{\"value\":\"t9\"}");
        Assert.Equal("{\"route\":\"blue\",\"tenant\":\"t9\"}", (await JsonAsync(set)).GetProperty("labels").GetRawText());

        var one = await _gateway.Client.GetAsync($"/portico/labels/instances/orders/{_blue.Authority}/tenant");
        Assert.Equal("{\"key\":\"tenant\",\"value\":\"t9\"}", (await JsonAsync(one)).GetRawText());

        var removed = await SendAsync(HttpMethod.Delete, $"/portico/labels/instances/orders/{_blue.Authority}/route");
        Assert.Equal("{\"tenant\":\"t9\"}", (await JsonAsync(removed)).GetProperty("labels").GetRawText());

        var missing = await SendAsync(HttpMethod.Delete, $"/portico/labels/instances/orders/{_blue.Authority}/route");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var missingGet = await _gateway.Client.GetAsync($"/portico/labels/instances/orders/{_blue.Authority}/route");
        Assert.Equal("key", (await JsonAsync(missingGet)).GetProperty("field").GetString());

        var forget = await SendAsync(HttpMethod.Delete, $"/portico/labels/instances/orders/{_blue.Authority}");
        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);

        var gone = await _gateway.Client.GetAsync($"/portico/labels/instances/orders/{_blue.Authority}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("instance", (await JsonAsync(gone)).GetProperty("field").GetString());

        // Without labels the blue instance is back in the unlabelled pool.
        var served = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            served.Add(await ServedByAsync("/orders/1"));
        }

        Assert.Contains(_blue.Authority, served);
    }

    [Fact]
    public async Task AdminApi_UnsupportedContentType_415()
    {
        var response = await _gateway.Client.PutAsync($"/portico/labels/instances/orders/{_blue.Authority}", new StringContent("route=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
