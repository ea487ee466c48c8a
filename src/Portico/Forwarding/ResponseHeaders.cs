using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Portico.Forwarding;

/// <summary>
/// Copies the upstream response's status, headers and trailers to the client response, less hop-by-hop headers. Reads
/// the upstream headers unvalidated, as received, so nothing is parsed or re-formatted on the way.
/// </summary>
internal static class ResponseHeaders
{
    /// <summary>Sets the status and headers of <paramref name="target"/> from <paramref name="source"/>.</summary>
    public static void Copy(HttpResponseMessage source, HttpResponse target)
    {
        target.StatusCode = (int)source.StatusCode;
        var headers = source.Headers.NonValidated;
        var connection = headers.TryGetValues("Connection", out var values) ? ToStringValues(values) : StringValues.Empty;
        var namesOthers = connection.Count > 0 && HopByHopHeaders.NamesOtherHeaders(connection);
        CopyFrom(headers, target.Headers, connection, namesOthers);
        CopyFrom(source.Content.Headers.NonValidated, target.Headers, connection, namesOthers);
    }

    /// <summary>Appends the upstream trailers to <paramref name="target"/> when the client's protocol carries trailers.</summary>
    public static void CopyTrailers(HttpResponseMessage source, HttpResponse target)
    {
        // Checked first: reading TrailingHeaders creates the collection when the upstream sent none.
        if (!target.SupportsTrailers())
        {
            return;
        }

        foreach (var header in source.TrailingHeaders.NonValidated)
        {
            if (!HopByHopHeaders.IsHopByHop(header.Key))
            {
                target.AppendTrailer(header.Key, ToStringValues(header.Value));
            }
        }
    }

    /// <summary>The values as <see cref="StringValues"/>; a single value is passed on without copying.</summary>
    public static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return new StringValues(values.ToString());
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return new StringValues(array);
    }

    private static void CopyFrom(HttpHeadersNonValidated source, IHeaderDictionary target, StringValues connection, bool connectionNamesOthers)
    {
        foreach (var header in source)
        {
            var name = header.Key;
            if (HopByHopHeaders.IsHopByHop(name) || (connectionNamesOthers && HopByHopHeaders.IsNamedIn(name, connection)))
            {
                continue;
            }

            target[name] = ToStringValues(header.Value);
        }
    }
}
