using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Forwarding;

/// <summary>How one request is sent upstream. A value type so that building it per request allocates nothing.</summary>
public readonly record struct ForwarderRequestOptions
{
    /// <summary>Settings that select the upstream client and its connection pool.</summary>
    public UpstreamClientOptions Client { get; init; }

    /// <summary>
    /// Time allowed for the upstream's response headers: null is <see cref="HttpClientConfig.DefaultResponseTimeout"/>,
    /// so options built without a thought for it are still bounded; <see cref="Timeout.InfiniteTimeSpan"/> waits until
    /// the client gives up.
    /// </summary>
    public TimeSpan? ResponseTimeout { get; init; }

    /// <summary>The response timeout in force; zero or negative (infinite) means none.</summary>
    internal TimeSpan EffectiveResponseTimeout => ResponseTimeout ?? HttpClientConfig.DefaultResponseTimeout;

    /// <summary>
    /// HTTP version spoken upstream; null is HTTP/1.1. Version 2 over <c>http</c> is h2c with prior knowledge; over
    /// <c>https</c> it is negotiated and may fall back to HTTP/1.1.
    /// </summary>
    public Version? Version { get; init; }

    /// <summary>Send the client's <c>Host</c> header rather than the destination's authority.</summary>
    public bool PreserveHost { get; init; }

    /// <summary>Which <c>X-Forwarded-*</c> headers to add; null adds none.</summary>
    public XForwardedConfig? XForwarded { get; init; }

    /// <summary>Whether to add an RFC 7239 <c>Forwarded</c> element; null adds none.</summary>
    public ForwardedConfig? Forwarded { get; init; }

    /// <summary>
    /// The request path before the gateway rewrote it. When the current path is its tail, the head that was removed
    /// is sent as <c>X-Forwarded-Prefix</c>.
    /// </summary>
    public PathString OriginalPath { get; init; }
}
