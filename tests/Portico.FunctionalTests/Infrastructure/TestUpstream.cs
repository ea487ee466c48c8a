using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portico.FunctionalTests.Infrastructure;

/// <summary>
/// A real upstream server on Kestrel at a loopback address with an ephemeral port. Without <c>configure</c> it echoes
/// every request as JSON (<see cref="EchoResponse"/>).
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The upstream's address, e.g. http://127.0.0.1:41235.</summary>
    public Uri BaseAddress { get; }

    /// <summary>host:port of the upstream.</summary>
    public string Authority => BaseAddress.Authority;

    /// <summary>The port.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>
    /// Starts an upstream. <paramref name="configure"/> maps its endpoints; when null every request is echoed.
    /// </summary>
    public static async Task<TestUpstream> StartAsync(
        Action<WebApplication>? configure = null,
        string address = "127.0.0.1",
        HttpProtocols protocols = HttpProtocols.Http1AndHttp2,
        int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Parse(address), port, o => o.Protocols = protocols);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.UseWebSockets();
        if (configure is null)
        {
            app.Run(EchoAsync);
        }
        else
        {
            configure(app);
        }

        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestUpstream(app, new Uri(bound));
    }

    /// <summary>Echoes the request as JSON: method, path, query, headers, body length and (for small bodies) the body.</summary>
    public static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var echo = new EchoResponse
        {
            Method = request.Method,
            Path = request.Path.Value ?? "",
            RawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "",
            QueryString = request.QueryString.Value ?? "",
            Protocol = request.Protocol,
            Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray() as string?[], StringComparer.OrdinalIgnoreCase)!,
            BodyLength = buffer.Length,
            Body = buffer.Length <= 64 * 1024 ? System.Text.Encoding.UTF8.GetString(buffer.ToArray()) : null,
            Server = context.Connection.LocalIpAddress + ":" + context.Connection.LocalPort,
        };
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, echo, cancellationToken: context.RequestAborted);
    }

    /// <summary>Stops the upstream.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the echo upstream saw.</summary>
public sealed class EchoResponse
{
    /// <summary>Request method.</summary>
    public string Method { get; set; } = "";

    /// <summary>Decoded request path.</summary>
    public string Path { get; set; } = "";

    /// <summary>The request target exactly as received.</summary>
    public string RawTarget { get; set; } = "";

    /// <summary>Query string including '?'.</summary>
    public string QueryString { get; set; } = "";

    /// <summary>HTTP protocol, e.g. HTTP/1.1.</summary>
    public string Protocol { get; set; } = "";

    /// <summary>Request headers.</summary>
    public Dictionary<string, string[]> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Body length in bytes.</summary>
    public long BodyLength { get; set; }

    /// <summary>The body as UTF-8 when at most 64 KiB.</summary>
    public string? Body { get; set; }

    /// <summary>The local address:port that served the request.</summary>
    public string Server { get; set; } = "";

    /// <summary>The single value of a header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? string.Join(",", v) : null;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads an echo from a response.</summary>
    public static async Task<EchoResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<EchoResponse>(text, JsonOptions)
            ?? throw new InvalidOperationException("Empty echo: " + text);
    }
}
