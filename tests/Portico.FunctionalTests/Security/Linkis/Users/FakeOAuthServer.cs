using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Security.Linkis.Users;

/// <summary>
/// An authorization server on Kestrel at 127.0.0.1: <c>POST /token</c> exchanges the code <c>good-code</c> for the access
/// token <c>access-1</c>, <c>GET /user</c> answers <c>{"login":"octo","id":7}</c> for that token. Tests can change both
/// answers and slow them down; every request is recorded.
/// </summary>
internal sealed class FakeOAuthServer : IAsyncDisposable
{
    private TestUpstream _server = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers of <c>/token</c>: the status and body, given the code.</summary>
    public Func<string?, (int Status, string Body)> Token { get; set; } = code => code == "good-code"
        ? (200, """{"access_token":"access-1","token_type":"bearer"}""")
        : (401, """{"error":"bad_verification_code"}""");

    /// <summary>Answers of <c>/user</c>: the status and body, given the Authorization header.</summary>
    public Func<string?, (int Status, string Body)> User { get; set; } = authorization => authorization == "Bearer access-1"
        ? (200, """{"login":"octo","id":7}""")
        : (401, """{"message":"Bad credentials"}""");

    /// <summary>A delay before answering, to exercise timeouts.</summary>
    public TimeSpan Delay { get; set; }

    public string BaseUrl => _server.BaseAddress.ToString().TrimEnd('/');

    public static async Task<FakeOAuthServer> StartAsync()
    {
        var fake = new FakeOAuthServer();
        fake._server = await TestUpstream.StartAsync(app =>
        {
            app.MapPost("/token", async context =>
            {
                var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
                fake.Record(context, body);
                string? code = null;
                try
                {
                    code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                }

                await fake.AnswerAsync(context, fake.Token(code));
            });
            app.MapGet("/user", async context =>
            {
                fake.Record(context, "");
                await fake.AnswerAsync(context, fake.User(context.Request.Headers.Authorization.ToString()));
            });
        });
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Record(HttpContext context, string body) =>
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path,
            context.Request.ContentType,
            context.Request.Headers.Accept.ToString(),
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers.Cookie.ToString(),
            body));

    private async Task AnswerAsync(HttpContext context, (int Status, string Body) answer)
    {
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }
}

/// <summary>A request the fake authorization server received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? ContentType, string Accept, string Authorization, string Cookie, string Body);
