using System.Net;
using Portico.FunctionalTests.Infrastructure;
using Portico.FunctionalTests.Security.Linkis;

namespace Portico.FunctionalTests.Routing;

/// <summary>
/// The path the upstream receives is the client's path normalised once (dot segments removed on the decoded form,
/// percent-encoding kept as sent), then changed only by the route's filters; route matching and the login check see
/// that same path. Each case is a raw request target sent as written.
/// </summary>
public sealed class PathNormalizationTests : IAsyncLifetime
{
    private TestUpstream _upstream = null!;
    private TestGateway _gateway = null!;

    public static TheoryData<string, string?> PubCases() => new()
    {
        // Double encoding is data, never a dot segment or a separator: decoded once, as the upstream will.
        { "/pub/%252e%252e/private", "/pub/%252e%252e/private" },
        { "/pub/100%2541", "/pub/100%2541" },
        { "/pub/a%252fb", "/pub/a%252fb" },
        { "/pub/%252E%252e/%252e%252E/private", "/pub/%252E%252e/%252e%252E/private" },
        // Encoded dots are dots, in any case; they are removed before matching, so they cannot leave the prefix.
        { "/pub/%2e%2e/private", null },
        { "/pub/%2E%2e/pub/x", "/pub/x" },
        { "/pub/a/%2e%2e/b", "/pub/b" },
        { "/pub/a/./b/.", "/pub/a/b/" },
        { "/pub/a/b/..", "/pub/a/" },
        // Path parameters after dots are dots as servlet containers read them.
        { "/pub/..;/private", null },
        { "/pub/a/..;x=1/b", "/pub/b" },
        // An encoded slash or backslash stays inside its segment, as sent.
        { "/pub/a%2fb", "/pub/a%2fb" },
        { "/pub/a%2Fb/%2e%2e", "/pub/" },
        { "/pub/..%5c..%5cprivate", "/pub/..%5c..%5cprivate" },
        { "/pub/%2e%2e%2fprivate", "/pub/%2e%2e%2fprivate" },
        { "/pub/%2e%2e%5cprivate", "/pub/%2e%2e%5cprivate" },
        // Overlong UTF-8 for '.' is no dot; it travels as sent.
        { "/pub/%c0%ae%c0%ae/private", "/pub/%c0%ae%c0%ae/private" },
        { "/pub/%C0%AE%C0%AE", "/pub/%C0%AE%C0%AE" },
        // Everything else keeps the client's encoding.
        { "/pub//x", "/pub//x" },
        { "/pub/caf%C3%A9", "/pub/caf%C3%A9" },
        { "/pub/%41", "/pub/%41" },
        { "/pub/a;b=c", "/pub/a;b=c" },
        { "/pub/x?q=%252e%252e&r=/../", "/pub/x?q=%252e%252e&r=/../" },
        { "/pub/100%", "/pub/100%" },
    };

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync();
        _gateway = await TestGateway.StartAsync($"""
            portico:
              routes:
                - id: pub
                  uri: http://127.0.0.1:{_upstream.Port}
                  predicates:
                    - Path=/pub/**
                - id: strip
                  uri: http://127.0.0.1:{_upstream.Port}
                  predicates:
                    - Path=/strip/**
                  filters:
                    - StripPrefix=1
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(PubCases))]
    public async Task PubRoute_Target_UpstreamReceivesTheOnceNormalisedPath(string target, string? upstreamTarget)
    {
        using var response = await SendAsync(_gateway.Client, target);

        if (upstreamTarget is null)
        {
            // Normalised outside /pub/**: no route matches, and nothing reached the upstream.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("problem+json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(upstreamTarget, (await EchoResponse.ReadAsync(response)).RawTarget);
    }

    [Theory]
    [InlineData("/strip/%252e%252e/private", "/%252e%252e/private")]
    [InlineData("/strip/100%2541", "/100%2541")]
    [InlineData("/strip/a%2fb/c", "/a%2fb/c")]
    [InlineData("/strip/x/%2e%2e/y?q=%252e", "/y?q=%252e")]
    public async Task StripPrefix_Target_FilterWorksOnTheNormalisedPathAndNothingIsDecodedTwice(string target, string upstreamTarget)
    {
        using var response = await SendAsync(_gateway.Client, target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(upstreamTarget, (await EchoResponse.ReadAsync(response)).RawTarget);
    }

    [Theory]
    [InlineData("/x/%2e%2e/actuator/health")]
    [InlineData("/x/..;/actuator/health")]
    public async Task AdminEndpoint_ReachedThroughDotSegments_IsTheGatewaysOwnAndNotForwarded(string target)
    {
        using var response = await SendAsync(_gateway.Client, target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPath_DoubleEncodedDots_IsAnOrdinarySegmentOfTheRoute()
    {
        using var response = await SendAsync(_gateway.Client, "/pub/%252e%252e/actuator/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/pub/%252e%252e/actuator/health", (await EchoResponse.ReadAsync(response)).RawTarget);
    }

    [Theory]
    [InlineData("/api/rest_j/v1/jobhistory/visualis/share/%252e%252e/%252e%252e/list")]
    [InlineData("/api/rest_j/v1/jobhistory/visualis/share/%2e%2e/%2e%2e/list")]
    [InlineData("/api/rest_j/v1/jobhistory/visualis/share/..;/..;/list")]
    [InlineData("/api/rest_j/v1/jobhistory/visualis/share/%2E%2E/%2e%2E/list?x=1")]
    public async Task LinkisLoginCheck_NoLoginPrefixThenDots_NeverReachesAProtectedPathWithoutATicket(string target)
    {
        await using var gateway = await LinkisSecurityGateway.StartAsync();

        using var response = await SendAsync(gateway.Client, target);

        if (response.StatusCode == HttpStatusCode.OK)
        {
            // Anonymous only because the path the backend receives is still under the no-login prefix.
            var echo = await EchoResponse.ReadAsync(response);
            Assert.StartsWith("/api/rest_j/v1/jobhistory/visualis/share/", echo.RawTarget, StringComparison.Ordinal);
            Assert.Contains("%252e", echo.RawTarget, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task LinkisLoginCheck_ProtectedPathWithoutATicket_Is401()
    {
        await using var gateway = await LinkisSecurityGateway.StartAsync();

        using var response = await SendAsync(gateway.Client, LinkisSecurityGateway.JobHistory);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Sends <paramref name="target"/> exactly as written (HttpClient would otherwise remove dot segments itself).</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string target)
    {
        var url = new Uri(client.BaseAddress!.GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        return client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
    }
}
