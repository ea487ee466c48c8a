using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Portico.Forwarding;

/// <summary>
/// Adds the proxy headers of this hop: <c>X-Forwarded-For/Proto/Host/Port/Prefix</c> with the semantics of Spring Cloud
/// Gateway's <c>XForwardedHeadersFilter</c> (values appended to what the client sent, comma-separated, unless append is
/// off; the prefix always replaces) and an RFC 7239 <c>Forwarded</c> element <c>for=..;host=..;proto=..</c> appended to
/// the client's. A client's header whose kind is switched off passes through untouched.
/// </summary>
internal static class ForwardedHeaders
{
    public const string XForwardedFor = "X-Forwarded-For";
    public const string XForwardedProto = "X-Forwarded-Proto";
    public const string XForwardedHost = "X-Forwarded-Host";
    public const string XForwardedPort = "X-Forwarded-Port";
    public const string XForwardedPrefix = "X-Forwarded-Prefix";
    public const string Forwarded = "Forwarded";

    // RFC 9110 tchar: values made only of these need no quotes in a Forwarded pair.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // The gateway listens on few ports, and a client connection sends many requests with the same address, host and
    // scheme, so the last value formatted is nearly always the one asked for next.
    private static PortText? s_lastPort;
    private static ForwardedElement? s_lastElement;

    /// <summary>The headers this hop writes itself, so the client's copies must not be relayed as they are.</summary>
    [Flags]
    public enum Rewritten
    {
        None = 0,
        For = 1,
        Proto = 2,
        Host = 4,
        Port = 8,
        Prefix = 16,
        Forwarded = 32,
    }

    /// <summary>Which headers <see cref="Apply"/> will write for these options.</summary>
    public static Rewritten Plan(in ForwarderRequestOptions options, bool hasPrefix)
    {
        var plan = Rewritten.None;
        if (options.XForwarded is { Enabled: true } x)
        {
            plan |= (x.ForEnabled ? Rewritten.For : 0)
                | (x.ProtoEnabled ? Rewritten.Proto : 0)
                | (x.HostEnabled ? Rewritten.Host : 0)
                | (x.PortEnabled ? Rewritten.Port : 0)
                | (x.PrefixEnabled && hasPrefix ? Rewritten.Prefix : 0);
        }

        if (options.Forwarded is { Enabled: true })
        {
            plan |= Rewritten.Forwarded;
        }

        return plan;
    }

    /// <summary>Whether <paramref name="name"/> is one of the headers in <paramref name="plan"/>.</summary>
    public static bool IsRewritten(string name, Rewritten plan) => name.Length switch
    {
        9 => (plan & Rewritten.Forwarded) != 0 && name.Equals(Forwarded, StringComparison.OrdinalIgnoreCase),
        15 => (plan & Rewritten.For) != 0 && name.Equals(XForwardedFor, StringComparison.OrdinalIgnoreCase),
        16 => ((plan & Rewritten.Host) != 0 && name.Equals(XForwardedHost, StringComparison.OrdinalIgnoreCase))
            || ((plan & Rewritten.Port) != 0 && name.Equals(XForwardedPort, StringComparison.OrdinalIgnoreCase)),
        17 => (plan & Rewritten.Proto) != 0 && name.Equals(XForwardedProto, StringComparison.OrdinalIgnoreCase),
        18 => (plan & Rewritten.Prefix) != 0 && name.Equals(XForwardedPrefix, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>
    /// The path prefix the gateway removed: the head of <paramref name="original"/> when <paramref name="current"/> is
    /// its tail (trailing slashes ignored), URL-encoded; null when nothing was removed or the path was rewritten otherwise.
    /// </summary>
    public static string? ComputePrefix(PathString original, PathString current)
    {
        var originalPath = TrimTrailingSlash(original.Value);
        var currentPath = TrimTrailingSlash(current.Value);
        if (originalPath.Length <= currentPath.Length || !originalPath.EndsWith(currentPath, StringComparison.Ordinal))
        {
            return null;
        }

        return new PathString(originalPath[..^currentPath.Length].ToString()).ToUriComponent();
    }

    /// <summary>Writes the headers of <paramref name="plan"/> to <paramref name="target"/>.</summary>
    public static void Apply(HttpContext context, HttpRequestHeaders target, in ForwarderRequestOptions options, Rewritten plan, string? prefix)
    {
        if (plan == Rewritten.None)
        {
            return;
        }

        var request = context.Request;
        var source = request.Headers;
        var append = options.XForwarded?.Append ?? true;
        var address = ClientAddress(context);
        string? host = source.Host;
        if (string.IsNullOrEmpty(host))
        {
            host = null;
        }

        if ((plan & Rewritten.For) != 0)
        {
            Write(target, XForwardedFor, source, address?.ToString(), append);
        }

        if ((plan & Rewritten.Proto) != 0)
        {
            Write(target, XForwardedProto, source, request.Scheme, append);
        }

        if ((plan & Rewritten.Host) != 0)
        {
            Write(target, XForwardedHost, source, host, append);
        }

        if ((plan & Rewritten.Port) != 0)
        {
            Write(target, XForwardedPort, source, FormatPort(request.Host.Port ?? (request.IsHttps ? 443 : 80)), append);
        }

        if ((plan & Rewritten.Prefix) != 0)
        {
            target.TryAddWithoutValidation(XForwardedPrefix, prefix);
        }

        if ((plan & Rewritten.Forwarded) != 0)
        {
            var element = ForwardedElementFor(address, host, request.Scheme);
            var existing = source[Forwarded];
            target.TryAddWithoutValidation(Forwarded, existing.Count == 0 ? element : Join(existing, element, ", "));
        }
    }

    /// <summary>One RFC 7239 element: <c>for=192.0.2.1;host=example.com;proto=https</c>, quoting where the grammar requires.</summary>
    public static string FormatForwarded(IPAddress? address, string? host, string scheme)
    {
        var handler = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[128]);
        handler.AppendLiteral("for=");
        if (address is null)
        {
            handler.AppendLiteral("unknown");
        }
        else if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            handler.AppendLiteral("\"[");
            handler.AppendFormatted(address.ToString());
            handler.AppendLiteral("]\"");
        }
        else
        {
            handler.AppendFormatted(address.ToString());
        }

        if (host is not null)
        {
            handler.AppendLiteral(";host=");
            AppendValue(ref handler, host);
        }

        handler.AppendLiteral(";proto=");
        AppendValue(ref handler, scheme);
        return handler.ToStringAndClear();
    }

    private static void AppendValue(ref DefaultInterpolatedStringHandler handler, string value)
    {
        if (value.AsSpan().ContainsAnyExcept(TokenChars))
        {
            handler.AppendLiteral("\"");
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    handler.AppendFormatted('\\');
                }

                handler.AppendFormatted(c);
            }

            handler.AppendLiteral("\"");
        }
        else
        {
            handler.AppendFormatted(value);
        }
    }

    private static string ForwardedElementFor(IPAddress? address, string? host, string scheme)
    {
        var last = Volatile.Read(ref s_lastElement);
        if (last is not null && Equals(last.Address, address) && string.Equals(last.Host, host, StringComparison.Ordinal)
            && string.Equals(last.Scheme, scheme, StringComparison.Ordinal))
        {
            return last.Text;
        }

        var text = FormatForwarded(address, host, scheme);
        Volatile.Write(ref s_lastElement, new ForwardedElement(address, host, scheme, text));
        return text;
    }

    private static IPAddress? ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    private static void Write(HttpRequestHeaders target, string name, IHeaderDictionary source, string? value, bool append)
    {
        var existing = append ? source[name] : StringValues.Empty;
        var combined = existing.Count == 0 ? value
            : value is null ? (existing.Count == 1 ? existing[0] : string.Join(',', existing.ToArray()))
            : Join(existing, value, ",");
        if (combined is not null)
        {
            target.TryAddWithoutValidation(name, combined);
        }
    }

    private static string Join(StringValues existing, string value, string separator) =>
        existing.Count == 1
            ? string.Concat(existing[0], separator, value)
            : string.Join(separator, existing.ToArray()) + separator + value;

    private static ReadOnlySpan<char> TrimTrailingSlash(string? path)
    {
        var span = path.AsSpan();
        return span.EndsWith('/') ? span[..^1] : span;
    }

    private static string FormatPort(int port)
    {
        var last = Volatile.Read(ref s_lastPort);
        if (last is not null && last.Port == port)
        {
            return last.Text;
        }

        var text = port switch
        {
            80 => "80",
            443 => "443",
            _ => port.ToString(CultureInfo.InvariantCulture),
        };
        Volatile.Write(ref s_lastPort, new PortText(port, text));
        return text;
    }

    private sealed record PortText(int Port, string Text);

    private sealed record ForwardedElement(IPAddress? Address, string? Host, string Scheme, string Text);
}
