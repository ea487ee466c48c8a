using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Errors;

namespace Portico.Forwarding;

/// <summary>
/// The forwarder over pooled <see cref="HttpMessageInvoker"/>s. Per request it allocates the upstream request message
/// and, for requests with a body, its content; buffers are pooled, the timeout source is pooled, and its async state
/// machines are pooled.
/// </summary>
internal sealed class HttpForwarder(UpstreamClientPool clients, TimeoutSourcePool timeouts, ILogger<HttpForwarder> logger, Resources.ResourceExhaustion? exhaustion = null) : IHttpForwarder
{
    /// <summary>Size of the pooled buffer the response body is relayed through.</summary>
    internal const int ResponseBufferSize = 64 * 1024;

    /// <summary>Most response bytes written to the client without a flush while the upstream keeps data coming.</summary>
    internal const int ResponseFlushThreshold = 32 * 1024;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpResponseMessage> SendAsync(HttpContext context, Uri destination, ForwarderRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(destination);
        var aborted = context.RequestAborted;
        var invoker = clients.Get(options.Client);
        var limit = options.EffectiveResponseTimeout;
        var timeout = limit > TimeSpan.Zero ? timeouts.Rent(limit, aborted) : null;
        var token = timeout?.Token ?? aborted;
        var content = RequestBodyContent.CreateFor(context);
        var retried = false;
        try
        {
            var request = UpstreamRequest.Create(context, destination, options, content);
            while (true)
            {
                try
                {
                    return await invoker.SendAsync(request, token);
                }
                catch (Exception ex) when (!retried && !token.IsCancellationRequested && UpstreamErrors.IsStaleConnection(ex))
                {
                    // The upstream closed a pooled connection as the request went out. Send it once more, provided not
                    // a byte of the client's body is lost; the pool hands out a live connection or opens a new one.
                    RequestBodyContent? retryContent = null;
                    if (content is not null && (retryContent = content.TryCreateRetry()) is null)
                    {
                        throw;
                    }

                    retried = true;
                    ForwardingLog.RetryingStaleConnection(logger, context.Request.Method, destination.Authority, ex);
                    content = retryContent;
                    request = UpstreamRequest.Create(context, destination, options, content);
                }
            }
        }
        catch (Exception ex) when (ex is not GatewayException && !aborted.IsCancellationRequested)
        {
            if (Resources.ResourceExhaustion.Classify(ex) is { } resource)
            {
                // The gateway's own shortage, not the upstream's fault (so not charged to the instance): refuse, and
                // log it at a bounded rate.
                exhaustion?.Report(resource, "upstream-connect");
                throw new GatewayException(StatusCodes.Status503ServiceUnavailable, "The gateway has no free connections right now; retry later.");
            }

            var error = UpstreamErrors.ForSend(ex, destination, options, timeout?.TimedOut == true, content?.ClientFailure);
            ForwardingLog.RequestFailed(logger, context.Request.Method, destination.Authority, error.StatusCode, error.Message);
            throw error;
        }
        finally
        {
            if (timeout is not null)
            {
                // An upload still running (the upstream answered early) may yet observe the token: do not share it.
                timeouts.Return(timeout, reusable: content is null || !content.IsSending);
            }

            content?.Release();
        }
    }

    public void CopyResponseHeaders(HttpResponseMessage upstreamResponse, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(upstreamResponse);
        ArgumentNullException.ThrowIfNull(response);
        ResponseHeaders.Copy(upstreamResponse, response);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CopyResponseBodyAsync(HttpResponseMessage upstreamResponse, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(upstreamResponse);
        ArgumentNullException.ThrowIfNull(context);
        var aborted = context.RequestAborted;
        var response = context.Response;
        var writer = response.BodyWriter;
        var streaming = IsStreamingContentType(response.Headers.ContentType);
        var buffer = ArrayPool<byte>.Shared.Rent(ResponseBufferSize);
        var readPending = false;
        long relayed = 0;
        try
        {
            Stream source;
            int read;
            try
            {
                source = await upstreamResponse.Content.ReadAsStreamAsync(aborted);
                read = await source.ReadAsync(buffer, aborted);
            }
            catch (Exception ex) when (!aborted.IsCancellationRequested)
            {
                throw ResponseBodyFailed(upstreamResponse, relayed, ex);
            }

            var unflushed = 0;
            while (read > 0)
            {
                // Write copies into the response pipe, so the buffer is free for the next read at once.
                writer.Write(buffer.AsSpan(0, read));
                relayed += read;
                unflushed += read;
                ValueTask<int> next;
                try
                {
                    next = source.ReadAsync(buffer, aborted);
                }
                catch (Exception ex) when (!aborted.IsCancellationRequested)
                {
                    throw await ResponseBodyFailedAsync(writer, unflushed, upstreamResponse, relayed, ex, aborted);
                }

                // Flush when the upstream has nothing more ready (so the client sees data as soon as it exists, as
                // server-sent events need), after every read of a streaming type, and before too much piles up.
                if (!next.IsCompleted || streaming || unflushed >= ResponseFlushThreshold)
                {
                    readPending = true;
                    EnsureClientReading(await writer.FlushAsync(aborted), upstreamResponse, aborted);
                    unflushed = 0;
                }

                try
                {
                    read = await next;
                }
                catch (Exception ex) when (!aborted.IsCancellationRequested)
                {
                    throw await ResponseBodyFailedAsync(writer, unflushed, upstreamResponse, relayed, ex, aborted);
                }
                finally
                {
                    readPending = false;
                }
            }

            // The tail is flushed here, never left to the end of the response: once the headers have gone out, Kestrel
            // ends a Content-Length response without a flush, and unflushed bytes would wait for the connection to
            // close. Flushing a body that never went out sends the headers and body in one write all the same.
            if (unflushed > 0)
            {
                EnsureClientReading(await writer.FlushAsync(aborted), upstreamResponse, aborted);
            }
        }
        finally
        {
            // With a read still outstanding the buffer may yet be written to, so it is left to the collector.
            if (!readPending)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        ResponseHeaders.CopyTrailers(upstreamResponse, response);
    }

    /// <summary>Whether a response of this type is a stream of messages each of which must reach the client at once.</summary>
    internal static bool IsStreamingContentType(string? contentType)
    {
        var type = contentType.AsSpan().TrimStart();
        return type.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase);
    }

    private void EnsureClientReading(System.IO.Pipelines.FlushResult result, HttpResponseMessage upstreamResponse, CancellationToken aborted)
    {
        if (result.IsCompleted || result.IsCanceled)
        {
            ForwardingLog.ClientGoneDuringResponse(logger, upstreamResponse.RequestMessage?.RequestUri?.Authority ?? "");
            throw new OperationCanceledException("The client stopped reading the response.", aborted);
        }
    }

    /// <summary>
    /// The error for an upstream that failed mid-body. Bytes already in the response pipe are sent first: the response
    /// has then started, so it is aborted rather than followed by an error document those bytes would corrupt.
    /// </summary>
    private async ValueTask<GatewayException> ResponseBodyFailedAsync(
        System.IO.Pipelines.PipeWriter writer, int unflushed, HttpResponseMessage upstreamResponse, long relayed, Exception exception, CancellationToken aborted)
    {
        if (unflushed > 0)
        {
            try
            {
                await writer.FlushAsync(aborted);
            }
            catch (Exception flushFailure) when (flushFailure is OperationCanceledException or IOException)
            {
                // The client is gone too; the upstream failure is still the one to report.
            }
        }

        return ResponseBodyFailed(upstreamResponse, relayed, exception);
    }

    private GatewayException ResponseBodyFailed(HttpResponseMessage upstreamResponse, long relayed, Exception exception)
    {
        var destination = upstreamResponse.RequestMessage?.RequestUri;
        ForwardingLog.ResponseBodyFailed(logger, destination?.Authority ?? "", relayed, exception);
        return UpstreamErrors.ForResponseBody(exception, destination);
    }
}
