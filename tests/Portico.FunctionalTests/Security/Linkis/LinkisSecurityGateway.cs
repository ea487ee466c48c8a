using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using Portico.FunctionalTests.Linkis;
using Portico.Linkis;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Tokens;
using Portico.Security.Linkis.Users;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>
/// A real Linkis-mode gateway with Linkis security on, in front of a real echo upstream registered as the public
/// service (so <c>/api/rest_j/v1/jobhistory/...</c> reaches it), with a token authenticator and user endpoints the
/// tests control.
/// </summary>
internal sealed class LinkisSecurityGateway : IAsyncDisposable
{
    public const string CryptKey = "functional-test-crypt-key-0123";
    public const string JobHistory = "/api/rest_j/v1/jobhistory/list";

    private LinkisSecurityGateway(TestUpstream upstream, TestGateway gateway, TestTokenAuthenticator tokens, TestUserEndpoints users)
    {
        Upstream = upstream;
        Gateway = gateway;
        Tokens = tokens;
        Users = users;
    }

    public TestUpstream Upstream { get; }

    public TestGateway Gateway { get; }

    public HttpClient Client => Gateway.Client;

    public TestTokenAuthenticator Tokens { get; }

    public TestUserEndpoints Users { get; }

    public ILinkisSessionService Sessions => Gateway.Services.GetRequiredService<ILinkisSessionService>();

    /// <summary>
    /// Starts an upstream and a gateway; <paramref name="securityYaml"/> is added under <c>linkis-security</c>,
    /// <paramref name="porticoYaml"/> under <c>portico</c>; <paramref name="configure"/> may add services.
    /// </summary>
    public static async Task<LinkisSecurityGateway> StartAsync(string securityYaml = "", string porticoYaml = "", Action<IServiceCollection>? configure = null)
    {
        var upstream = await TestUpstream.StartAsync();
        var registry = new InMemoryRegistry();
        registry.Set(("linkis-ps-publicservice", upstream.Authority));
        var tokens = new TestTokenAuthenticator();
        var users = new TestUserEndpoints();
        var yaml = "portico:\n" + Indent(porticoYaml, 2)
            + "  linkis:\n    enabled: true\n"
            + "  linkis-security:\n    enabled: true\n    crypt-key: " + CryptKey + "\n    session-persistence: memory\n    tokens:\n      enabled: true\n"
            + Indent(securityYaml, 4);
        var gateway = await TestGateway.StartAsync(yaml, services =>
        {
            services.AddSingleton<IServiceRegistry>(registry);
            services.AddSingleton<ILinkisTokenAuthenticator>(tokens);
            services.AddSingleton<ILinkisUserEndpoints>(users);
            configure?.Invoke(services);
        });
        return new LinkisSecurityGateway(upstream, gateway, tokens, users);
    }

    /// <summary>A ticket of a live session of <paramref name="user"/>.</summary>
    public async Task<string> LoginAsync(string user) => (await Sessions.IssueAsync(user, remember: true, default)).Ticket;

    /// <summary>A GET of <paramref name="path"/> with the given headers.</summary>
    public Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Asserts that a logged-in request still reaches the backend.</summary>
    public async Task AssertStillServesAsync()
    {
        var ticket = await LoginAsync("still");
        using var response = await GetAsync(JobHistory, ("Cookie", TicketCookie(ticket)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Equal(JobHistory, echo.Path);
    }

    public static string TicketCookie(string ticket) => "linkis_user_session_ticket_id_v1=" + ticket;

    /// <summary>
    /// Sends a WebSocket handshake over a raw connection and returns the status and body of the answer (the gateway
    /// answers a refused handshake like any request).
    /// </summary>
    public Task<(int Status, string Body)> HandshakeAsync(string path, string? cookie = null) =>
        RawGetAsync(path, "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", cookie is null ? null : "Cookie: " + cookie);

    /// <summary>
    /// Sends a GET with <paramref name="target"/> exactly as given (HttpClient would remove dot segments) over a raw
    /// connection; returns the status and body of the answer.
    /// </summary>
    public async Task<(int Status, string Body)> RawGetAsync(string target, params string?[] headerLines)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(IPAddress.Loopback, Gateway.BaseAddress.Port, timeout.Token);
        var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{Gateway.BaseAddress.Port}\r\n"
            + string.Concat(headerLines.Where(l => l is not null).Select(l => l + "\r\n")) + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd > 0)
            {
                var status = int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
                var lengthLine = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                var bytes = buffer.ToArray();
                var headerBytes = Encoding.UTF8.GetByteCount(text[..(headerEnd + 4)]);
                if (bytes.Length - headerBytes >= length || status == 101)
                {
                    return (status, Encoding.UTF8.GetString(bytes, headerBytes, Math.Min(length, bytes.Length - headerBytes)));
                }
            }

            var read = await stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new InvalidOperationException("The gateway closed the connection: " + text);
            }

            buffer.Write(chunk, 0, read);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    private static string Indent(string yaml, int spaces) =>
        string.Concat(yaml.Trim('\n').Split('\n').Where(l => l.Trim().Length > 0).Select(l => new string(' ', spaces) + l.TrimEnd() + "\n"));
}

/// <summary>Accepts <see cref="GoodToken"/> for any user from <see cref="LegalHost"/> (any host when null), masking tokens in failures.</summary>
internal sealed class TestTokenAuthenticator : ILinkisTokenAuthenticator
{
    public const string GoodToken = "LINKIS-GOOD-TOKEN";

    public string? LegalHost { get; set; }

    public string? LastHost { get; private set; }

    public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken)
    {
        LastHost = clientHost;
        var masked = tokenCode is null ? "null" : tokenCode[..Math.Min(4, tokenCode.Length)] + "***";
        if (tokenCode != GoodToken)
        {
            return ValueTask.FromResult(LinkisTokenResult.Failure($"Token Authentication Failed, token: {masked}，tokenUser: {tokenUser}, reason: Token:{masked} does not exist in the table(Token:{masked} 表中不存在)!", 15207));
        }

        if (LegalHost is not null && clientHost != LegalHost)
        {
            return ValueTask.FromResult(LinkisTokenResult.Failure($"Token Authentication Failed, token: {masked}，tokenUser: {tokenUser}, reason: Illegal Host for Token(非法ip: {clientHost})!", 15203));
        }

        return ValueTask.FromResult(LinkisTokenResult.Success(tokenUser!));
    }
}

/// <summary>Answers every user endpoint with its name.</summary>
internal sealed class TestUserEndpoints : ILinkisUserEndpoints
{
    public Task HandleAsync(LinkisRequestContext context, string name)
    {
        context.Exchange.Response.ContentType = "text/plain";
        return context.Exchange.Response.WriteAsync("user endpoint " + name);
    }
}
