using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class UpstreamRequestTests
{
    private static readonly Uri Destination = new("http://10.1.2.3:8080/orders/1?x=1");

    private static DefaultHttpContext Context(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("gateway.test:8000"); // also the Host header
        context.Request.Path = "/orders/1";
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    private static ForwarderRequestOptions Options(Version? version = null, bool preserveHost = false, XForwardedConfig? xForwarded = null, ForwardedConfig? forwarded = null, string? originalPath = null) => new()
    {
        Version = version,
        PreserveHost = preserveHost,
        XForwarded = xForwarded,
        Forwarded = forwarded,
        OriginalPath = originalPath is null ? default : new PathString(originalPath),
    };

    private static string? Header(HttpRequestMessage message, string name) =>
        message.Headers.NonValidated.TryGetValues(name, out var values) ? string.Join("|", values)
        : message.Content is not null && message.Content.Headers.NonValidated.TryGetValues(name, out var content) ? string.Join("|", content)
        : null;

    [Fact]
    public void Create_Get_UsesMethodDestinationAndHttp11()
    {
        var context = Context();

        using var message = UpstreamRequest.Create(context, Destination, Options(), content: null);

        Assert.Same(HttpMethod.Get, message.Method);
        Assert.Same(Destination, message.RequestUri);
        Assert.Equal(HttpVersion.Version11, message.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, message.VersionPolicy);
        Assert.Null(message.Content);
    }

    [Fact]
    public void Create_CustomMethod_IsKept()
    {
        var context = Context();
        context.Request.Method = "PROPFIND";

        using var message = UpstreamRequest.Create(context, Destination, Options(), content: null);

        Assert.Equal("PROPFIND", message.Method.Method);
    }

    [Fact]
    public void Create_Http2OverCleartext_RequiresExactVersion()
    {
        using var message = UpstreamRequest.Create(Context(), Destination, Options(HttpVersion.Version20), content: null);

        Assert.Equal(HttpVersion.Version20, message.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, message.VersionPolicy);
    }

    [Fact]
    public void Create_Http2OverTls_AllowsNegotiatingDown()
    {
        using var message = UpstreamRequest.Create(Context(), new Uri("https://upstream.test/"), Options(HttpVersion.Version20), content: null);

        Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, message.VersionPolicy);
    }

    [Fact]
    public void CopyHeaders_HopByHopAndConnectionNamed_AreDropped()
    {
        var context = Context(
            ("Connection", "keep-alive, X-Hop"),
            ("X-Hop", "1"),
            ("Keep-Alive", "timeout=5"),
            ("Proxy-Authorization", "Basic x"),
            ("Proxy-Connection", "keep-alive"),
            ("Transfer-Encoding", "chunked"),
            ("Upgrade", "h2c"),
            ("TE", "trailers"),
            ("Trailer", "X-T"),
            ("X-Kept", "yes"),
            ("Authorization", "Bearer t"));

        using var message = UpstreamRequest.Create(context, Destination, Options(), content: null);

        Assert.Equal("yes", Header(message, "X-Kept"));
        Assert.Equal("Bearer t", Header(message, "Authorization"));
        foreach (var name in new[] { "Connection", "X-Hop", "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer" })
        {
            Assert.Null(Header(message, name));
        }
    }

    [Fact]
    public void CopyHeaders_TeTrailersToHttp2_IsKept()
    {
        using var message = UpstreamRequest.Create(Context(("TE", "trailers")), Destination, Options(HttpVersion.Version20), content: null);

        Assert.Equal("trailers", Header(message, "TE"));
    }

    [Fact]
    public void CopyHeaders_TeOtherThanTrailersToHttp2_IsDropped()
    {
        using var message = UpstreamRequest.Create(Context(("TE", "gzip")), Destination, Options(HttpVersion.Version20), content: null);

        Assert.Null(Header(message, "TE"));
    }

    [Fact]
    public void CopyHeaders_Host_IsLeftToTheDestinationByDefault()
    {
        var context = Context();

        using var message = UpstreamRequest.Create(context, Destination, Options(), content: null);

        Assert.Null(Header(message, "Host"));
    }

    [Fact]
    public void CopyHeaders_PreserveHost_SendsClientHost()
    {
        var context = Context();

        using var message = UpstreamRequest.Create(context, Destination, Options(preserveHost: true), content: null);

        Assert.Equal("gateway.test:8000", Header(message, "Host"));
    }

    [Fact]
    public void CopyHeaders_RepeatedHeader_KeepsEveryValueInOrder()
    {
        var context = Context(("X-Multi", "a"), ("X-Multi", "b"));

        using var message = UpstreamRequest.Create(context, Destination, Options(), content: null);

        Assert.Equal("a|b", Header(message, "X-Multi"));
    }

    [Fact]
    public void CopyHeaders_ContentHeadersWithBody_GoToTheContent()
    {
        var context = Context(("Content-Type", "application/json"), ("Content-Length", "2"));
        using var content = new ByteArrayContent([]);

        using var message = UpstreamRequest.Create(context, Destination, Options(), content);

        Assert.Equal("application/json", string.Join("", content.Headers.NonValidated["Content-Type"]));
        Assert.Equal("2", string.Join("", content.Headers.NonValidated["Content-Length"]));
    }

    [Fact]
    public void CopyHeaders_ContentHeadersWithoutBody_AreDropped()
    {
        using var message = UpstreamRequest.Create(Context(("Content-Type", "application/json")), Destination, Options(), content: null);

        Assert.Null(Header(message, "Content-Type"));
    }

    [Fact]
    public void CopyHeaders_XForwardedDefaults_AppendToClientValues()
    {
        var context = Context(("X-Forwarded-For", "203.0.113.1"), ("X-Forwarded-Proto", "https"));

        using var message = UpstreamRequest.Create(context, Destination, Options(xForwarded: new()), content: null);

        Assert.Equal("203.0.113.1,192.0.2.10", Header(message, "X-Forwarded-For"));
        Assert.Equal("https,http", Header(message, "X-Forwarded-Proto"));
        Assert.Equal("gateway.test:8000", Header(message, "X-Forwarded-Host"));
        Assert.Equal("8000", Header(message, "X-Forwarded-Port"));
        Assert.Null(Header(message, "X-Forwarded-Prefix"));
    }

    [Fact]
    public void CopyHeaders_XForwardedNoAppend_ReplacesClientValues()
    {
        var context = Context(("X-Forwarded-For", "203.0.113.1"));

        using var message = UpstreamRequest.Create(context, Destination, Options(xForwarded: new() { Append = false }), content: null);

        Assert.Equal("192.0.2.10", Header(message, "X-Forwarded-For"));
    }

    [Fact]
    public void CopyHeaders_XForwardedForOff_PassesClientValueThrough()
    {
        var context = Context(("X-Forwarded-For", "203.0.113.1"));

        using var message = UpstreamRequest.Create(context, Destination, Options(xForwarded: new() { ForEnabled = false }), content: null);

        Assert.Equal("203.0.113.1", Header(message, "X-Forwarded-For"));
    }

    [Fact]
    public void CopyHeaders_XForwardedPortWithoutPortInHost_UsesSchemeDefault()
    {
        var context = Context();
        context.Request.Host = new HostString("gateway.test");
        context.Request.Scheme = "https";

        using var message = UpstreamRequest.Create(context, Destination, Options(xForwarded: new()), content: null);

        Assert.Equal("443", Header(message, "X-Forwarded-Port"));
        Assert.Equal("https", Header(message, "X-Forwarded-Proto"));
    }

    [Fact]
    public void CopyHeaders_PathPrefixStripped_SendsXForwardedPrefixReplacingClientValue()
    {
        var context = Context(("X-Forwarded-Prefix", "/client"));

        using var message = UpstreamRequest.Create(context, Destination, Options(xForwarded: new(), originalPath: "/api/orders/1"), content: null);

        Assert.Equal("/api", Header(message, "X-Forwarded-Prefix"));
    }

    [Fact]
    public void CopyHeaders_IPv4MappedClient_IsReportedAsIPv4()
    {
        var context = Context();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.99");

        using var message = UpstreamRequest.Create(context, Destination, Options(xForwarded: new(), forwarded: new()), content: null);

        Assert.Equal("192.0.2.99", Header(message, "X-Forwarded-For"));
        Assert.StartsWith("for=192.0.2.99;", Header(message, "Forwarded"), StringComparison.Ordinal);
    }

    [Fact]
    public void CopyHeaders_Forwarded_AppendsElementToClientList()
    {
        var context = Context(("Forwarded", "for=203.0.113.1"));
        context.Connection.RemoteIpAddress = IPAddress.IPv6Loopback;

        using var message = UpstreamRequest.Create(context, Destination, Options(forwarded: new()), content: null);

        Assert.Equal("for=203.0.113.1, for=\"[::1]\";host=\"gateway.test:8000\";proto=http", Header(message, "Forwarded"));
    }

    [Fact]
    public void CopyHeaders_ForwardedOff_PassesClientListThrough()
    {
        var context = Context(("Forwarded", "for=203.0.113.1"));

        using var message = UpstreamRequest.Create(context, Destination, Options(forwarded: new() { Enabled = false }), content: null);

        Assert.Equal("for=203.0.113.1", Header(message, "Forwarded"));
    }
}
