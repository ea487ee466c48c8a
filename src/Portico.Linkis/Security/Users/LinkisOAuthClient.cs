using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Portico.Security.Linkis.Users;

/// <summary>The outcome of a call to the authorization server: the value read, or why there is none (for logs only).</summary>
internal readonly record struct OAuthCallResult(string? Value, string? Failure)
{
    public static OAuthCallResult Success(string value) => new(value, null);

    public static OAuthCallResult Fail(string failure) => new(null, failure);
}

/// <summary>
/// The two calls of Linkis's OAuth login (§4.8): the code exchange (POST of JSON <c>client_id</c>, <c>client_secret</c>,
/// <c>code</c>, <c>host</c>, reading <c>access_token</c>) and the user lookup (GET with <c>Authorization: Bearer</c>,
/// reading the configured field). Each call has the configured time limit, follows no redirect, sends no cookie and reads
/// at most <see cref="MaxResponseBytes"/>.
/// </summary>
internal sealed class LinkisOAuthClient : IDisposable
{
    /// <summary>The largest answer read from the authorization server.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("Portico", null);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public LinkisOAuthClient(TimeProvider time)
    {
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            // Each call is bounded by the configured timeout instead, which a reload may change.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    /// <summary>Exchanges <paramref name="code"/> for an access token.</summary>
    public async ValueTask<OAuthCallResult> ExchangeCodeAsync(LinkisOAuthConfig config, string code, string? host, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("client_id", config.ClientId);
            writer.WriteString("client_secret", config.ClientSecret);
            writer.WriteString("code", code);
            writer.WriteString("host", host ?? "");
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, config.ExchangeUrl)
        {
            Content = new ReadOnlyMemoryContent(body.WrittenMemory),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await CallAsync(request, config, "access_token", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Looks up the user name of <paramref name="accessToken"/> in the configured field of the user information.</summary>
    public async ValueTask<OAuthCallResult> LookupUserAsync(LinkisOAuthConfig config, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, config.ValidateUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await CallAsync(request, config, config.ValidateField, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<OAuthCallResult> CallAsync(HttpRequestMessage request, LinkisOAuthConfig config, string field, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(Json);
        request.Headers.UserAgent.Add(UserAgent);
        using var timeout = new CancellationTokenSource(config.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[] content;
        HttpStatusCode status;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            status = response.StatusCode;
            content = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return OAuthCallResult.Fail($"no answer within {config.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            // The message names the transport problem (refused, DNS, too large) and carries no secret.
            return OAuthCallResult.Fail(ex.Message);
        }

        if ((int)status is < 200 or > 299)
        {
            return OAuthCallResult.Fail($"HTTP {(int)status}");
        }

        return ReadField(content, field);
    }

    private static OAuthCallResult ReadField(byte[] content, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return OAuthCallResult.Fail($"the answer is a JSON {root.ValueKind}, not an object");
            }

            if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
            {
                return OAuthCallResult.Fail($"the answer has no string field '{field}'");
            }

            var text = value.GetString();
            return string.IsNullOrWhiteSpace(text) ? OAuthCallResult.Fail($"the field '{field}' is blank") : OAuthCallResult.Success(text);
        }
        catch (JsonException)
        {
            return OAuthCallResult.Fail("the answer is not JSON");
        }
    }
}
