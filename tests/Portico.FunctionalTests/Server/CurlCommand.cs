using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Portico.FunctionalTests.Server;

/// <summary>
/// A curl command line as the demo prints it, parsed so a test can send exactly that request without curl installed.
/// Understands the options the demo uses: -i, -N, -s, -X, -H, -d, -b and -c (cookie files) and --max-time, with
/// single-quoted arguments.
/// </summary>
public sealed record CurlCommand(string Method, Uri Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body, TimeSpan? MaxTime)
{
    /// <summary>The cookie file the command sends cookies from (<c>-b</c>), or null.</summary>
    public string? CookiesFrom { get; init; }

    /// <summary>The cookie file the command saves response cookies to (<c>-c</c>), or null.</summary>
    public string? CookiesTo { get; init; }

    public static CurlCommand Parse(string line)
    {
        var words = Split(line);
        if (words.Count == 0 || words[0] != "curl")
        {
            throw new FormatException($"Not a curl command: {line}");
        }

        string? method = null, body = null, cookiesFrom = null, cookiesTo = null;
        Uri? url = null;
        TimeSpan? maxTime = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-i" or "-N" or "-s":
                    break;
                case "-X":
                    method = words[++i];
                    break;
                case "-H":
                    var header = words[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d":
                    body = words[++i];
                    break;
                case "-b":
                    cookiesFrom = words[++i];
                    break;
                case "-c":
                    cookiesTo = words[++i];
                    break;
                case "--max-time":
                    maxTime = TimeSpan.FromSeconds(int.Parse(words[++i], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    url = words[i].StartsWith('-') ? throw new FormatException($"Unknown curl option {words[i]} in: {line}") : new Uri(words[i]);
                    break;
            }
        }

        return new CurlCommand(method ?? (body is null ? "GET" : "POST"), url ?? throw new FormatException($"No URL in: {line}"), headers, body, maxTime)
        {
            CookiesFrom = cookiesFrom,
            CookiesTo = cookiesTo,
        };
    }

    /// <summary>Whether the command asks for a protocol upgrade, which HttpClient cannot send as written.</summary>
    public bool IsUpgrade => Headers.Any(h => h.Name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Sends the request; the response body is read for at most <see cref="MaxTime"/> (streams are cut there, as curl
    /// does). <paramref name="cookieFiles"/> stands for the cookie files: file name to cookie name and value.
    /// </summary>
    public async Task<(int Status, HttpResponseHeaders? Headers, string? ContentType, string Body)> SendAsync(HttpClient client, Dictionary<string, Dictionary<string, string>>? cookieFiles = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (CookiesFrom is not null && cookieFiles is not null && cookieFiles.TryGetValue(CookiesFrom, out var sent) && sent.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", sent.Select(c => c.Key + "=" + c.Value)));
        }

        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        }

        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content!.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var cancel = new CancellationTokenSource(MaxTime ?? TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        if (CookiesTo is not null && cookieFiles is not null && response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            var saved = cookieFiles.TryGetValue(CookiesTo, out var existing) ? existing : cookieFiles[CookiesTo] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    saved[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
                }
            }
        }

        var text = new StringBuilder();
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException) when (MaxTime is not null)
        {
            // curl --max-time stops a stream the same way.
        }

        return ((int)response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text.ToString());
    }

    /// <summary>Sends an upgrade request on a raw connection and returns what came back within <see cref="MaxTime"/>.</summary>
    public async Task<string> SendRawAsync()
    {
        using var tcp = new TcpClient();
        using var cancel = new CancellationTokenSource(MaxTime ?? TimeSpan.FromSeconds(10));
        await tcp.ConnectAsync(Url.Host, Url.Port, cancel.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append(Method).Append(' ').Append(Url.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(Url.Authority).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), cancel.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quoted)
        {
            throw new FormatException($"Unbalanced quote in: {line}");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
