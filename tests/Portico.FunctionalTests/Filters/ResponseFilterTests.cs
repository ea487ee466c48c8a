using System.Net;

namespace Portico.FunctionalTests.Filters;

/// <summary>
/// Route filters that edit the upstream's response in the post phase: after the upstream status and headers are on
/// the response, before the body is written.
/// </summary>
public class ResponseFilterTests
{
    [Fact]
    public async Task ResponseHeaderFilters_UpstreamHeaders_EditedBeforeBodyIsWritten()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: headers
              uri: {FilterGateway.UpstreamUri}
              filters:
                - AddResponseHeader=X-Added, gateway
                - SetResponseHeader=X-Set, gateway
                - RemoveResponseHeader=X-Internal
                - name: AddResponseHeader
                  args:
                    name: X-Only-If-Absent
                    value: gateway
                    override: false
            """);
        using var request = Upstream("/x", 200, ("X-Added", "upstream"), ("X-Set", "upstream"), ("X-Internal", "secret"), ("X-Only-If-Absent", "upstream"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(["upstream", "gateway"], response.Headers.GetValues("X-Added"));
        Assert.Equal(["gateway"], response.Headers.GetValues("X-Set"));
        Assert.False(response.Headers.Contains("X-Internal"));
        Assert.Equal(["upstream"], response.Headers.GetValues("X-Only-If-Absent"));
        Assert.Equal("/x", (await ForwardedRequest.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task DedupeResponseHeader_DefaultFilterWithGatewayAndUpstreamValues_KeepsOne()
    {
        await using var gateway = await FilterGateway.StartAsync(
            $"""
            - id: cors
              uri: {FilterGateway.UpstreamUri}
              filters:
                - AddResponseHeader=Access-Control-Allow-Origin, https://musk.mars
            """,
            defaultFilters: "- DedupeResponseHeader=Access-Control-Allow-Credentials Access-Control-Allow-Origin, RETAIN_UNIQUE");
        using var request = Upstream("/x", 200, ("Access-Control-Allow-Origin", "https://musk.mars"), ("Access-Control-Allow-Credentials", "true"), ("Access-Control-Allow-Credentials", "true"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(["https://musk.mars"], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], response.Headers.GetValues("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task RewriteResponseHeader_UpstreamValue_Masked()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: mask
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RewriteResponseHeader=X-Response-Red, password=[^&]+, password=***
            """);
        using var request = Upstream("/x", 200, ("X-Response-Red", "/42?user=ford&password=omg!what&flag=true"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(["/42?user=ford&password=***&flag=true"], response.Headers.GetValues("X-Response-Red"));
    }

    [Fact]
    public async Task RewriteLocationResponseHeader_UpstreamRedirect_PointsBackAtGateway()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: location
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RewriteLocationResponseHeader=AS_IN_REQUEST, Location, ,
            """);
        using var request = Upstream("/orders", 201, ("Location", "http://backend.internal:9000/v1/orders/7"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"http://{gateway.BaseAddress.Authority}/orders/7", response.Headers.GetValues("Location").Single());
    }

    [Fact]
    public async Task SetStatus_NameAndOriginalHeader_ReplacesStatusKeepsBody()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: status
              uri: {FilterGateway.UpstreamUri}
              filters:
                - name: SetStatus
                  args:
                    status: UNAUTHORIZED
                    originalStatusHeaderName: original-http-status
            """);

        using var response = await gateway.Client.SendAsync(Upstream("/x", 200));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["200"], response.Headers.GetValues("original-http-status"));
        Assert.Equal("/x", (await ForwardedRequest.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task SetStatus_Shortcut_ReplacesStatus()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: status
              uri: {FilterGateway.UpstreamUri}
              filters:
                - SetStatus=418
            """);

        using var response = await gateway.Client.GetAsync("/x");

        Assert.Equal(418, (int)response.StatusCode);
    }

    [Fact]
    public async Task SecureHeaders_DefaultFilter_AddsHeadersButKeepsUpstreamOnes()
    {
        await using var gateway = await FilterGateway.StartAsync(
            $"""
            - id: secure
              uri: {FilterGateway.UpstreamUri}
            """,
            defaultFilters: """
            - name: SecureHeaders
              args:
                disable:
                  - x-download-options
                frameOptions: SAMEORIGIN
            """);
        using var request = Upstream("/x", 200, ("Content-Security-Policy", "default-src 'none'"));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(["SAMEORIGIN"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["max-age=631138519"], response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal(["default-src 'none'"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.False(response.Headers.Contains("X-Download-Options"));
    }

    private static HttpRequestMessage Upstream(string path, int status, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(FakeUpstream.StatusHeader, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < headers.Length; i++)
        {
            request.Headers.Add(FakeUpstream.ResponseHeaderPrefix + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{headers[i].Name}: {headers[i].Value}");
        }

        return request;
    }
}
