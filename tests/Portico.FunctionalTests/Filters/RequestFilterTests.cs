using System.Net;

namespace Portico.FunctionalTests.Filters;

/// <summary>Route filters that change the request before it is routed, loaded from YAML and driven over HTTP.</summary>
public class RequestFilterTests
{
    [Fact]
    public async Task StripPrefix_Shortcut_ForwardsStrippedPath()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: strip
              uri: {FilterGateway.UpstreamUri}
              filters:
                - StripPrefix=2
            """);

        using var response = await gateway.Client.GetAsync("/name/blue/red?x=1");
        var forwarded = await ForwardedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/red", forwarded.Path);
        Assert.Equal("http://upstream.test:8080/red?x=1", forwarded.Url);
    }

    [Fact]
    public async Task StripPrefix_Expanded_ForwardsStrippedPath()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: strip
              uri: {FilterGateway.UpstreamUri}
              filters:
                - name: StripPrefix
                  args:
                    parts: 1
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/api/orders/7"));

        Assert.Equal("/orders/7", forwarded.Path);
    }

    [Fact]
    public async Task RewritePathThenPrefixPath_Shortcut_AppliedInOrder()
    {
        await using var gateway = await FilterGateway.StartAsync($$"""
            - id: rewrite
              uri: {{FilterGateway.UpstreamUri}}
              filters:
                - RewritePath=/red/?(?<segment>.*), /$\{segment}
                - PrefixPath=/api
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/red/blue?q=1"));

        Assert.Equal("/api/blue", forwarded.Path);
        Assert.Equal("http://upstream.test:8080/api/blue?q=1", forwarded.Url);
    }

    [Fact]
    public async Task RewritePath_Expanded_UsesDotNetNamedGroup()
    {
        await using var gateway = await FilterGateway.StartAsync($$"""
            - id: rewrite
              uri: {{FilterGateway.UpstreamUri}}
              filters:
                - name: RewritePath
                  args:
                    regexp: ^/v(?<version>\d+)/(?<rest>.*)$
                    replacement: /${rest}/version-${version}
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/v2/items"));

        Assert.Equal("/items/version-2", forwarded.Path);
    }

    [Fact]
    public async Task SetPathAndAddRequestHeader_UriVariable_UseCapturedSegment()
    {
        await using var gateway = await FilterGateway.StartAsync($$"""
            - id: set-path
              uri: {{FilterGateway.UpstreamUri}}
              predicates:
                - TestPathTemplate=/red/{segment}
              filters:
                - SetPath=/{segment}
                - AddRequestHeader=X-Request-Segment, seg-{segment}
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/red/blue"));

        Assert.Equal("/blue", forwarded.Path);
        Assert.Equal("seg-blue", forwarded.Header("X-Request-Segment"));
    }

    [Fact]
    public async Task UriVariableWithLineBreak_IntoHeader_Refused400()
    {
        await using var gateway = await FilterGateway.StartAsync($$"""
            - id: header
              uri: {{FilterGateway.UpstreamUri}}
              predicates:
                - TestPathTemplate=/red/{segment}
              filters:
                - AddRequestHeader=X-Request-Segment, {segment}
            """);

        using var response = await gateway.Client.GetAsync("/red/a%0D%0AX-Injected:%20yes");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Request-Segment", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestHeaderFilters_BothNotations_ShapeForwardedHeaders()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: headers
              uri: {FilterGateway.UpstreamUri}
              filters:
                - AddRequestHeader=X-Added, one
                - name: SetRequestHeader
                  args:
                    name: X-Set
                    value: replaced
                - RemoveRequestHeader=X-Secret
                - MapRequestHeader=X-From, X-To
                - AddRequestHeadersIfNotPresent=X-Default-1:a,X-Default-2:b
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/anything");
        request.Headers.Add("X-Added", "zero");
        request.Headers.Add("X-Set", ["1", "2"]);
        request.Headers.Add("X-Secret", "password");
        request.Headers.Add("X-From", "mapped");
        request.Headers.Add("X-Default-2", "client");

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.SendAsync(request));

        Assert.Equal("zero,one", forwarded.Header("X-Added"));
        Assert.Equal("replaced", forwarded.Header("X-Set"));
        Assert.Null(forwarded.Header("X-Secret"));
        Assert.Equal("mapped", forwarded.Header("X-To"));
        Assert.Equal("a", forwarded.Header("X-Default-1"));
        Assert.Equal("client", forwarded.Header("X-Default-2"));
    }

    [Fact]
    public async Task RequestParameterFilters_Query_AddedAndRemoved()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: params
              uri: {FilterGateway.UpstreamUri}
              filters:
                - RemoveRequestParameter=token
                - AddRequestParameter=red, blue
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/p?token=abc&keep=1&token=def"));

        Assert.Equal("?keep=1&red=blue", forwarded.Query);
        Assert.Equal("http://upstream.test:8080/p?keep=1&red=blue", forwarded.Url);
    }

    [Fact]
    public async Task PreserveHostHeader_Applied_FlagsExchange()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: preserve
              uri: {FilterGateway.UpstreamUri}
              filters:
                - PreserveHostHeader
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/x"));

        Assert.True(forwarded.PreserveHostHeader);
        Assert.Equal(gateway.BaseAddress.Authority, forwarded.Header("Host"));
    }

    [Fact]
    public async Task SetRequestHostHeader_Applied_ReplacesHostAndPreservesIt()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: host
              uri: {FilterGateway.UpstreamUri}
              filters:
                - SetRequestHostHeader=example.org
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/x"));

        Assert.True(forwarded.PreserveHostHeader);
        Assert.Equal("example.org", forwarded.Header("Host"));
    }

    [Fact]
    public async Task NoFilters_Request_ForwardedUnchanged()
    {
        await using var gateway = await FilterGateway.StartAsync($"""
            - id: plain
              uri: {FilterGateway.UpstreamUri}
            """);

        var forwarded = await ForwardedRequest.ReadAsync(await gateway.Client.GetAsync("/a/b?c=d"));

        Assert.False(forwarded.PreserveHostHeader);
        Assert.Equal("http://upstream.test:8080/a/b?c=d", forwarded.Url);
    }
}
