using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Configuration;
using Portico.Errors;
using Portico.Filters;
using Portico.Predicates;

namespace Portico.FunctionalTests.Filters;

/// <summary>
/// Test-only stand-ins for the forwarder, mirroring its split: <see cref="FakeUpstreamFilter"/> sits just before the
/// routing filters and answers as an upstream would (status and headers onto the response, body put aside);
/// <see cref="FakeWriteResponseFilter"/> writes that body in its post phase at the write-response position, so route
/// filters' post phases run in between, exactly as with the real forwarder.
/// </summary>
internal static class FakeUpstream
{
    /// <summary>Request header naming the status the fake upstream answers with.</summary>
    public const string StatusHeader = "X-Test-Upstream-Status";

    /// <summary>
    /// Prefix of request headers (<c>X-Test-Upstream-Header-1</c>, <c>-2</c>, ...) of the form <c>Name: value</c>, each a
    /// header line the fake upstream sends. One request header per line, since clients join repeated headers with commas.
    /// </summary>
    public const string ResponseHeaderPrefix = "X-Test-Upstream-Header-";

    /// <summary>Where the fake upstream leaves the body for <see cref="FakeWriteResponseFilter"/>.</summary>
    public const string BodyAttribute = "test.fake-upstream.body";

    /// <summary>Adds the fake upstream, its writer and the <c>TestPathTemplate</c> predicate.</summary>
    public static void AddFakeUpstream(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, FakeUpstreamFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, FakeWriteResponseFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutePredicateFactory, PathTemplatePredicateFactory>());
    }
}

/// <summary>What the fake upstream received: the request exactly as the gateway would have forwarded it.</summary>
public sealed class ForwardedRequest
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Request method.</summary>
    public string Method { get; set; } = "";

    /// <summary>The request URL the routing filter would use (<see cref="GatewayExchange.RequestUrl"/>).</summary>
    public string Url { get; set; } = "";

    /// <summary>The request path.</summary>
    public string Path { get; set; } = "";

    /// <summary>The query string, with its '?'.</summary>
    public string Query { get; set; } = "";

    /// <summary>Whether the client's Host header would be sent upstream.</summary>
    public bool PreserveHostHeader { get; set; }

    /// <summary>Request headers.</summary>
    public Dictionary<string, string[]> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Bytes of request body read.</summary>
    public long BodyLength { get; set; }

    /// <summary>All values of a header joined by commas, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? string.Join(",", v) : null;

    /// <summary>Reads the echo from a gateway response.</summary>
    public static async Task<ForwardedRequest> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<ForwardedRequest>(text, JsonOptions) ?? throw new InvalidOperationException("Empty echo: " + text);
    }
}

/// <summary>Answers at the routing position: reads the request body, then sets status, headers and a JSON echo.</summary>
internal sealed class FakeUpstreamFilter : IGlobalFilter
{
    public int Order => GlobalFilterOrder.HttpRouting - 10;

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var request = exchange.Request;
        long bodyLength = 0;
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, exchange.HttpContext.RequestAborted)) > 0)
            {
                bodyLength += read;
            }
        }
        catch (BadHttpRequestException ex)
        {
            // What the forwarder does when the client's body breaks a limit while streaming: answer with its status.
            throw new GatewayException(ex.StatusCode, ex.Message, ex);
        }

        var echo = new ForwardedRequest
        {
            Method = request.Method,
            Url = exchange.RequestUrl?.AbsoluteUri ?? "",
            Path = request.Path.Value ?? "",
            Query = request.QueryString.Value ?? "",
            PreserveHostHeader = exchange.PreserveHostHeader,
            BodyLength = bodyLength,
        };
        foreach (var (name, values) in request.Headers)
        {
            echo.Headers[name] = Array.ConvertAll(values.ToArray(), v => v ?? "");
        }

        var response = exchange.Response;
        response.StatusCode = int.TryParse(request.Headers[FakeUpstream.StatusHeader], out var status) ? status : StatusCodes.Status200OK;
        for (var i = 1; request.Headers.TryGetValue(FakeUpstream.ResponseHeaderPrefix + i, out var line); i++)
        {
            var text = line.ToString();
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            response.Headers.Append(text[..colon].Trim(), text[(colon + 1)..].Trim());
        }

        response.ContentType = "application/json";
        exchange.Attributes[FakeUpstream.BodyAttribute] = JsonSerializer.SerializeToUtf8Bytes(echo);
        exchange.MarkRouted();
    }

    public override string ToString() => "[FakeUpstream]";
}

/// <summary>Writes the fake upstream's body in the post phase, after the route filters have edited the response.</summary>
internal sealed class FakeWriteResponseFilter : IGlobalFilter
{
    public int Order => GlobalFilterOrder.WriteResponse;

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        await chain.FilterAsync(exchange);
        if (exchange.Attributes.TryGetValue(FakeUpstream.BodyAttribute, out var body) && body is byte[] bytes && !exchange.Response.HasStarted)
        {
            exchange.Response.ContentLength = bytes.Length;
            await exchange.Response.Body.WriteAsync(bytes, exchange.HttpContext.RequestAborted);
        }
    }

    public override string ToString() => "[FakeWriteResponse]";
}

/// <summary>
/// <c>TestPathTemplate=/red/{segment}</c>: a minimal path predicate for these tests that matches literal segments and
/// captures <c>{name}</c> segments into <see cref="GatewayExchange.UriVariables"/>, as the real <c>Path</c> predicate does.
/// </summary>
internal sealed class PathTemplatePredicateFactory : IRoutePredicateFactory
{
    public string Name => "TestPathTemplate";

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("template");

    public IRoutePredicate Create(ComponentArgs args) =>
        new PathTemplatePredicate(args.GetRequiredString("template").Split('/', StringSplitOptions.RemoveEmptyEntries));

    private sealed class PathTemplatePredicate(string[] segments) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var actual = (exchange.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (actual.Length != segments.Length)
            {
                return false;
            }

            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i].StartsWith('{') && segments[i].EndsWith('}'))
                {
                    exchange.UriVariables[segments[i][1..^1]] = actual[i];
                }
                else if (!string.Equals(segments[i], actual[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
