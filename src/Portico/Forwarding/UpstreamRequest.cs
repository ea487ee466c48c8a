using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Portico.Forwarding;

/// <summary>
/// Builds the upstream <see cref="HttpRequestMessage"/> from the client request: method, destination URL as given (so
/// the client's percent-encoding, <c>%2F</c> included, is kept), version policy and headers less hop-by-hop ones,
/// copied straight from the request's header dictionary without intermediate collections.
/// </summary>
internal static class UpstreamRequest
{
    public static HttpRequestMessage Create(HttpContext context, Uri destination, in ForwarderRequestOptions options, HttpContent? content)
    {
        var version = options.Version ?? HttpVersion.Version11;
        var message = new HttpRequestMessage(HttpMethod.Parse(context.Request.Method), destination)
        {
            Version = version,

            // Version 2 over cleartext is h2c with prior knowledge: there is no ALPN to negotiate, and an upgrade from
            // HTTP/1.1 is not supported by the client. Otherwise allow a downgrade when TLS negotiates HTTP/1.1.
            VersionPolicy = version.Major >= 2 && string.Equals(destination.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal)
                ? HttpVersionPolicy.RequestVersionExact
                : HttpVersionPolicy.RequestVersionOrLower,
            Content = content,
        };
        CopyHeaders(context, message, options);
        return message;
    }

    /// <summary>Copies the client's headers to <paramref name="message"/> and adds this hop's proxy headers.</summary>
    public static void CopyHeaders(HttpContext context, HttpRequestMessage message, in ForwarderRequestOptions options)
    {
        var request = context.Request;
        var source = request.Headers;
        var connection = source.Connection;
        var connectionNamesOthers = connection.Count > 0 && HopByHopHeaders.NamesOtherHeaders(connection);
        var http2 = message.Version.Major >= 2;
        var prefix = options.XForwarded is { Enabled: true, PrefixEnabled: true }
            ? ForwardedHeaders.ComputePrefix(options.OriginalPath, request.Path)
            : null;
        var plan = ForwardedHeaders.Plan(options, prefix is not null);

        foreach (var header in source)
        {
            var name = header.Key;
            if (HopByHopHeaders.IsHopByHop(name))
            {
                // gRPC needs "TE: trailers" end to end; HTTP/2 allows exactly that value of TE.
                if (http2 && name.Length == 2 && IsTrailers(header.Value))
                {
                    message.Headers.TryAddWithoutValidation("TE", "trailers");
                }

                continue;
            }

            if ((name.Length == 4 && name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                || (plan != ForwardedHeaders.Rewritten.None && ForwardedHeaders.IsRewritten(name, plan))
                || (connectionNamesOthers && HopByHopHeaders.IsNamedIn(name, connection))
                || name.StartsWith(':'))
            {
                continue;
            }

            Add(message, name, header.Value);
        }

        if (options.PreserveHost && !StringValues.IsNullOrEmpty(source.Host))
        {
            message.Headers.TryAddWithoutValidation("Host", source.Host.ToString());
        }

        ForwardedHeaders.Apply(context, message.Headers, options, plan, prefix);
    }

    private static void Add(HttpRequestMessage message, string name, StringValues value)
    {
        if (value.Count == 1)
        {
            var single = value[0] ?? "";
            if (!message.Headers.TryAddWithoutValidation(name, single))
            {
                // Content-Type, Content-Length and the other content headers belong to the content; without a body
                // there is nothing for them to describe.
                message.Content?.Headers.TryAddWithoutValidation(name, single);
            }
        }
        else if (value.Count > 1)
        {
            string?[] values = value!;
            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }
    }

    private static bool IsTrailers(StringValues value) =>
        value.Count == 1 && value[0].AsSpan().Trim().Equals("trailers", StringComparison.OrdinalIgnoreCase);
}
