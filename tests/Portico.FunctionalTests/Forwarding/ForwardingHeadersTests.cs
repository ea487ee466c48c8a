using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Forwarding;

public sealed class ForwardingHeadersTests
{
    private static Task<TestGateway> StartGatewayAsync(TestUpstream upstream, string routeExtra = "", string settings = "") =>
        TestGateway.StartAsync($"""
            portico:
            {settings}
              routes:
                - id: echo
                  uri: http://127.0.0.1:{upstream.Port}
            {routeExtra}
            """, ForwardingTestComponents.Register);

    [Fact]
    public async Task Post_EchoUpstream_RelaysMethodPathQueryAndBody()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);

        using var response = await gateway.Client.PostAsync("/orders/42?expand=items&x=1", new StringContent("hello", Encoding.UTF8, "text/plain"));
        var echo = await EchoResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("/orders/42", echo.Path);
        Assert.Equal("?expand=items&x=1", echo.QueryString);
        Assert.Equal("hello", echo.Body);
        Assert.Equal("5", echo.Header("Content-Length"));
        Assert.StartsWith("text/plain", echo.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutBody_SendsNoContentUpstream()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);

        var echo = await EchoResponse.ReadAsync(await gateway.Client.GetAsync("/plain"));

        Assert.Null(echo.Header("Content-Length"));
        Assert.Null(echo.Header("Transfer-Encoding"));
        Assert.Equal(0, echo.BodyLength);
    }

    [Fact]
    public async Task HopByHopRequestHeaders_AndHeadersNamedInConnection_AreNotForwarded()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hop");
        request.Headers.Connection.Add("X-Hop");
        request.Headers.TryAddWithoutValidation("X-Hop", "secret");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("TE", "gzip");
        request.Headers.TryAddWithoutValidation("X-Application-Context", "app:8080");
        request.Headers.TryAddWithoutValidation("X-Kept", "yes");

        var echo = await EchoResponse.ReadAsync(await gateway.Client.SendAsync(request));

        Assert.Equal("yes", echo.Header("X-Kept"));
        Assert.Null(echo.Header("X-Hop"));
        Assert.Null(echo.Header("Keep-Alive"));
        Assert.Null(echo.Header("Proxy-Authorization"));
        Assert.Null(echo.Header("Proxy-Connection"));
        Assert.Null(echo.Header("TE"));
        Assert.Null(echo.Header("X-Application-Context"));
        Assert.DoesNotContain("X-Hop", echo.Header("Connection") ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HopByHopResponseHeaders_AreNotReturned()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            context.Response.Headers.Connection = "X-Resp-Hop";
            context.Response.Headers["X-Resp-Hop"] = "1";
            context.Response.Headers["Keep-Alive"] = "timeout=5";
            context.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"upstream\"";
            context.Response.Headers["X-Kept"] = "yes";
            await context.Response.WriteAsync("ok");
        }));
        await using var gateway = await StartGatewayAsync(upstream);

        using var response = await gateway.Client.GetAsync("/");

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("X-Kept"));
        Assert.False(response.Headers.Contains("X-Resp-Hop"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Proxy-Authenticate"));
    }

    [Fact]
    public async Task XForwardedAndForwarded_AppendThisHopToClientValues()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.9");

        var echo = await EchoResponse.ReadAsync(await gateway.Client.SendAsync(request));
        var gatewayAuthority = gateway.BaseAddress.Authority;

        Assert.Equal("203.0.113.9,127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(gatewayAuthority, echo.Header("X-Forwarded-Host"));
        Assert.Equal(gateway.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), echo.Header("X-Forwarded-Port"));
        Assert.Null(echo.Header("X-Forwarded-Prefix"));
        Assert.Equal($"for=203.0.113.9, for=127.0.0.1;host=\"{gatewayAuthority}\";proto=http", echo.Header("Forwarded"));
    }

    [Fact]
    public async Task XForwardedPrefix_PrefixStripped_SendsRemovedPrefix()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream, """
                  filters:
                    - TestStripPrefix=1
            """);

        var echo = await EchoResponse.ReadAsync(await gateway.Client.GetAsync("/api/items?page=2"));

        Assert.Equal("/items", echo.Path);
        Assert.Equal("?page=2", echo.QueryString);
        Assert.Equal("/api", echo.Header("X-Forwarded-Prefix"));
    }

    [Fact]
    public async Task XForwarded_AppendOff_ReplacesClientValues()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream, settings: """
              x-forwarded:
                append: false
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");

        var echo = await EchoResponse.ReadAsync(await gateway.Client.SendAsync(request));

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
    }

    [Fact]
    public async Task ForwardedHeaders_Disabled_PassClientValuesThroughUntouched()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream, settings: """
              x-forwarded:
                enabled: false
              forwarded:
                enabled: false
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.9");

        var echo = await EchoResponse.ReadAsync(await gateway.Client.SendAsync(request));

        Assert.Equal("203.0.113.9", echo.Header("X-Forwarded-For"));
        Assert.Equal("for=203.0.113.9", echo.Header("Forwarded"));
        Assert.Null(echo.Header("X-Forwarded-Proto"));
        Assert.Null(echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Host_IsUpstreamAuthority_ByDefault()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);

        var echo = await EchoResponse.ReadAsync(await gateway.Client.GetAsync("/"));

        Assert.Equal($"127.0.0.1:{upstream.Port}", echo.Header("Host"));
    }

    [Fact]
    public async Task Host_PreserveHostHeader_SendsClientHost()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream, """
                  filters:
                    - TestPreserveHost
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "api.example.test";

        var echo = await EchoResponse.ReadAsync(await gateway.Client.SendAsync(request));

        Assert.Equal("api.example.test", echo.Header("Host"));
        Assert.Equal("api.example.test", echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task EncodedPathAndQuery_ArePreservedAsSent()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);

        var echo = await EchoResponse.ReadAsync(await gateway.Client.GetAsync("/files/a%2Fb/c%20d?q=x%2Fy%26z&e=%C3%A9"));

        Assert.Equal("/files/a%2Fb/c%20d?q=x%2Fy%26z&e=%C3%A9", echo.RawTarget);
    }

    [Fact]
    public async Task DuplicateRequestHeaders_AreForwardedInOrder()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(context =>
        {
            var text = string.Join("|", context.Request.Headers["X-Multi"].ToArray());
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(text);
            return context.Response.WriteAsync(text);
        }));
        await using var gateway = await StartGatewayAsync(upstream);
        using var client = await RawHttp.ConnectAsync(gateway.BaseAddress);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /dup HTTP/1.1\r\nHost: gw\r\nX-Multi: first\r\nX-Multi: second\r\nConnection: close\r\n\r\n"));
        var text = await new StreamReader(stream).ReadToEndAsync();
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

        // Repeated lines may arrive as repeated lines or as one comma-separated line; both mean the same (RFC 9110 §5.3).
        var values = body.Split(['|', ','], StringSplitOptions.TrimEntries);
        Assert.Equal(["first", "second"], values);
    }

    [Fact]
    public async Task DuplicateResponseHeaders_SetCookie_AreReturnedSeparately()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(context =>
        {
            context.Response.Headers.Append("Set-Cookie", "a=1; Path=/");
            context.Response.Headers.Append("Set-Cookie", "b=2; Path=/");
            return Task.CompletedTask;
        }));
        await using var gateway = await StartGatewayAsync(upstream);

        using var response = await gateway.Client.GetAsync("/");

        Assert.Equal(["a=1; Path=/", "b=2; Path=/"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Head_RelaysHeadersWithoutBody()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = 12;
            return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("twelve bytes");
        }));
        await using var gateway = await StartGatewayAsync(upstream);

        using var head = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        var headBody = await head.Content.ReadAsByteArrayAsync();
        using var get = await gateway.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(12, head.Content.Headers.ContentLength);
        Assert.Empty(headBody);
        Assert.Equal("twelve bytes", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UpstreamStatusAndContentHeaders_AreRelayed()
    {
        await using var upstream = await TestUpstream.StartAsync(app => app.Run(async context =>
        {
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/vnd.test+json";
            context.Response.Headers.ETag = "\"v1\"";
            context.Response.ContentLength = 2;
            await context.Response.WriteAsync("{}");
        }));
        await using var gateway = await StartGatewayAsync(upstream);

        using var response = await gateway.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/vnd.test+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Equal(new EntityTagHeaderValue("\"v1\""), response.Headers.ETag);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }
}
