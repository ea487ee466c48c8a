using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Predicates;

/// <summary>
/// A real gateway whose routes use every built-in predicate in both notations, from a Portico section and a pasted
/// Spring Cloud Gateway <c>application.yml</c> block. Requests are answered by <see cref="RouteEchoFilter"/>.
/// </summary>
public sealed class PredicateRoutingTests(PredicateRoutingTests.GatewayFixture fixture) : IClassFixture<PredicateRoutingTests.GatewayFixture>
{
    private const string Config = """
        portico:
          routes:
            - id: expanded_path
              uri: http://localhost:9
              predicates:
                - name: Path
                  args:
                    patterns:
                      - /green/{color}
                      - /yellow/**
                    match-trailing-slash: true
            - id: expanded_host
              uri: http://localhost:9
              predicates:
                - name: Host
                  args:
                    patterns: '{sub}.myhost.org'
                - name: Path
                  args:
                    patterns: /host/**
            - id: expanded_header_query
              uri: http://localhost:9
              predicates:
                - name: Path
                  args:
                    patterns: /mixed/**
                - name: Method
                  args:
                    methods: [GET, POST]
                - name: Header
                  args:
                    header: X-Request-Id
                    regexp: '\d+'
                - name: Query
                  args:
                    param: green
        spring:
          cloud:
            gateway:
              routes:
                - id: path_route
                  uri: https://example.org
                  predicates:
                    - Path=/red/{segment},/blue/**
                - id: rest_route
                  uri: https://example.org
                  predicates:
                    - Path=/files/{*path}
                - id: cookie_route
                  uri: https://example.org
                  predicates:
                    - Path=/cookie
                    - Cookie=chocolate, ch.p
                - id: cookie_fallback
                  uri: https://example.org
                  predicates:
                    - Path=/cookie
                - id: before_route
                  uri: https://example.org
                  predicates:
                    - Path=/time
                    - Before=2017-01-20T17:42:47.789-07:00[America/Denver]
                - id: between_route
                  uri: https://example.org
                  predicates:
                    - Path=/time
                    - Between=2017-01-20T17:42:47.789-07:00[America/Denver], 2017-01-21T17:42:47.789-07:00[America/Denver]
                - id: after_route
                  uri: https://example.org
                  predicates:
                    - Path=/time
                    - After=2017-01-20T17:42:47.789-07:00[America/Denver]
                - id: remote_private
                  uri: https://example.org
                  predicates:
                    - Path=/remote
                    - RemoteAddr=10.0.0.0/8, 192.168.0.0/16
                - id: remote_loopback
                  uri: https://example.org
                  predicates:
                    - Path=/remote
                    - RemoteAddr=127.0.0.1/8, ::1
                - id: xff_route
                  uri: https://example.org
                  predicates:
                    - Path=/xff
                    - XForwardedRemoteAddr=192.168.1.1/24
                - id: query_regexp
                  uri: https://example.org
                  predicates:
                    - Path=/query
                    - Query=red, gree.
                - id: delete_only
                  uri: https://example.org
                  predicates:
                    - Path=/mixed/**
                    - Method=DELETE
        """;

    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task Path_ShortcutWithVariable_MatchesAndCaptures()
    {
        Assert.Equal("route=path_route\nsegment=42", await GetAsync("/red/42"));
        Assert.Equal("route=path_route", await GetAsync("/blue/a/b/c"));
    }

    [Fact]
    public async Task Path_TrailingSlashDefaultFalse_FallsThroughTo404()
    {
        await AssertNoRouteAsync(new HttpRequestMessage(HttpMethod.Get, "/red/42/"), "/red/42/");
    }

    [Fact]
    public async Task Path_ExpandedListWithTrailingSlash_Matches()
    {
        Assert.Equal("route=expanded_path\ncolor=lime", await GetAsync("/green/lime/"));
        Assert.Equal("route=expanded_path", await GetAsync("/yellow"));
    }

    [Fact]
    public async Task Path_CaptureTheRest_KeepsLeadingSlash()
    {
        Assert.Equal("route=rest_route\npath=/2024/report.pdf", await GetAsync("/files/2024/report.pdf"));
    }

    [Fact]
    public async Task Path_EncodedSlash_StaysInsideTheSegment()
    {
        Assert.Equal("route=path_route\nsegment=a/b", await GetAsync("/red/a%2Fb"));
    }

    [Fact]
    public async Task Host_ExpandedWithVariable_CapturesSubdomain()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/host/x");
        request.Headers.Host = "shop.myhost.org";
        Assert.Equal("route=expanded_host\nsub=shop", await SendAsync(request));
    }

    [Fact]
    public async Task Host_NotMatching_FallsThroughTo404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/host/x");
        request.Headers.Host = "shop.otherhost.org";
        await AssertNoRouteAsync(request, "/host/x");
    }

    [Fact]
    public async Task MethodHeaderQuery_AllMustMatch()
    {
        using var ok = new HttpRequestMessage(HttpMethod.Post, "/mixed/a?green");
        ok.Headers.Add("X-Request-Id", "123");
        Assert.Equal("route=expanded_header_query", await SendAsync(ok));

        using var badHeader = new HttpRequestMessage(HttpMethod.Get, "/mixed/a?green");
        badHeader.Headers.Add("X-Request-Id", "abc");
        await AssertNoRouteAsync(badHeader, "/mixed/a");

        using var noQuery = new HttpRequestMessage(HttpMethod.Get, "/mixed/a");
        noQuery.Headers.Add("X-Request-Id", "1");
        await AssertNoRouteAsync(noQuery, "/mixed/a");

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mixed/a");
        Assert.Equal("route=delete_only", await SendAsync(delete));
    }

    [Fact]
    public async Task Query_Regexp_MatchesWholeValue()
    {
        Assert.Equal("route=query_regexp", await GetAsync("/query?red=greet"));
        await AssertNoRouteAsync(new HttpRequestMessage(HttpMethod.Get, "/query?red=greetings"), "/query");
    }

    [Fact]
    public async Task Cookie_MatchingValue_ChoosesCookieRoute()
    {
        using var chip = new HttpRequestMessage(HttpMethod.Get, "/cookie");
        chip.Headers.Add("Cookie", "a=1; chocolate=chip");
        Assert.Equal("route=cookie_route", await SendAsync(chip));

        using var other = new HttpRequestMessage(HttpMethod.Get, "/cookie");
        other.Headers.Add("Cookie", "chocolate=mint");
        Assert.Equal("route=cookie_fallback", await SendAsync(other));
    }

    [Fact]
    public async Task DateTimes_OnlyAfterMatchesToday()
    {
        Assert.Equal("route=after_route", await GetAsync("/time"));
    }

    [Fact]
    public async Task RemoteAddr_UsesSocketPeer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/remote");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Assert.Equal("route=remote_loopback", await SendAsync(request));
    }

    [Fact]
    public async Task XForwardedRemoteAddr_UsesRightMostForwardedAddress()
    {
        using var trusted = new HttpRequestMessage(HttpMethod.Get, "/xff");
        trusted.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7, 192.168.1.20");
        Assert.Equal("route=xff_route", await SendAsync(trusted));

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/xff");
        spoofed.Headers.TryAddWithoutValidation("X-Forwarded-For", "192.168.1.20, 203.0.113.7");
        await AssertNoRouteAsync(spoofed, "/xff");

        // Without the header the socket peer (loopback) is used, which is not in the range.
        await AssertNoRouteAsync(new HttpRequestMessage(HttpMethod.Get, "/xff"), "/xff");
    }

    [Fact]
    public async Task NoRoute_Returns404Problem()
    {
        await AssertNoRouteAsync(new HttpRequestMessage(HttpMethod.Get, "/nowhere"), "/nowhere");
    }

    [Fact]
    public void Predicates_DescribeThemselves_ForTheAdminApi()
    {
        var routes = fixture.Gateway.Services.GetRequiredService<IGatewaySnapshotProvider>().Current.Routes;
        Assert.Equal("Paths: [/red/{segment}, /blue/**], match trailing slash: false", routes.Find("path_route")!.Predicates[0].ToString());
        Assert.Equal("Paths: [/green/{color}, /yellow/**], match trailing slash: true", routes.Find("expanded_path")!.Predicates[0].ToString());
        Assert.Equal("Hosts: [{sub}.myhost.org]", routes.Find("expanded_host")!.Predicates[0].ToString());
        Assert.Equal("Methods: [GET, POST]", routes.Find("expanded_header_query")!.Predicates[1].ToString());
        Assert.Equal("Cookie: name=chocolate regexp=ch.p", routes.Find("cookie_route")!.Predicates[1].ToString());
        Assert.Equal("RemoteAddrs: [127.0.0.1/8, ::1]", routes.Find("remote_loopback")!.Predicates[1].ToString());
        Assert.Equal("After: 2017-01-20T17:42:47.789-07:00[America/Denver]", routes.Find("after_route")!.Predicates[1].ToString());
    }

    private async Task<string> GetAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        return await SendAsync(request);
    }

    private async Task<string> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private async Task AssertNoRouteAsync(HttpRequestMessage request, string path)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal($"No route matches {request.Method} {path}.", problem.RootElement.GetProperty("detail").GetString());
        }
    }

    /// <summary>One gateway for the whole class.</summary>
    public sealed class GatewayFixture : IAsyncLifetime
    {
        public TestGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Gateway = await TestGateway.StartAsync(Config, services => services.AddSingleton<IGlobalFilter, RouteEchoFilter>());

        public async Task DisposeAsync() => await Gateway.DisposeAsync();
    }
}
