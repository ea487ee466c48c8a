using Microsoft.AspNetCore.Http;

namespace Portico.Forwarding;

/// <summary>
/// Sends a client request to one upstream URL and relays the response. The forwarder knows nothing of routes: callers
/// give it the destination and the options for this request. Sending and relaying the body are separate steps so that
/// filters can edit the response status and headers in between.
/// </summary>
public interface IHttpForwarder
{
    /// <summary>
    /// Sends the request of <paramref name="context"/> (method, headers, streamed body) to <paramref name="destination"/>
    /// and returns the upstream response as soon as its headers have arrived; its body has not been read.
    /// </summary>
    /// <exception cref="Errors.GatewayException">The upstream could not be reached, timed out or answered badly.</exception>
    /// <exception cref="OperationCanceledException">The client aborted the request.</exception>
    ValueTask<HttpResponseMessage> SendAsync(HttpContext context, Uri destination, ForwarderRequestOptions options);

    /// <summary>
    /// Copies the upstream status and headers, less hop-by-hop headers, to <paramref name="response"/> without starting it.
    /// </summary>
    void CopyResponseHeaders(HttpResponseMessage upstreamResponse, HttpResponse response);

    /// <summary>
    /// Streams the upstream response body to the client as it arrives, then its trailers when the client's protocol
    /// carries them. Bytes are flushed whenever the upstream pauses; the last ones may stay in the response pipe, to
    /// be sent with the end of the response. Does not dispose <paramref name="upstreamResponse"/>.
    /// </summary>
    /// <exception cref="Errors.GatewayException">The upstream failed while sending the body.</exception>
    /// <exception cref="OperationCanceledException">The client went away.</exception>
    ValueTask CopyResponseBodyAsync(HttpResponseMessage upstreamResponse, HttpContext context);
}
