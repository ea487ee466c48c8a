using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portico.FunctionalTests.Infrastructure;
using Portico.FunctionalTests.Linkis;
using Portico.FunctionalTests.Security.Linkis.Tokens;
using Portico.Security.Linkis;

namespace Portico.FunctionalTests.Errors;

/// <summary>
/// Every endpoint that reads a request body, fed bodies a client can get wrong: invalid UTF-8 (inside a string and
/// inside a key), truncated JSON, deep nesting, huge numbers and values of the wrong type. A malformed body is the
/// client's error: a 4xx in the endpoint's own shape (a Linkis error <c>Message</c> on Linkis paths, with HTTP 200
/// where Linkis answers so; problem+json on Portico's), never a 500, and never a log line at warning level or above, nor an exception in the log.
/// </summary>
public sealed class MalformedBodyTests : IAsyncLifetime
{
    private static readonly byte[] InvalidUtf8InString = [.. "{\"labels\":{\"route\":\""u8, 0xC3, 0x28, .. "\"},\"name\":\""u8, 0xFF, .. "\",\"userName\":\""u8, 0xFE, .. "\",\"host\":\""u8, 0xC0, 0xAF, .. "\",\"applicationName\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"value\":\""u8, 0xF8, .. "\"}"u8];
    private static readonly byte[] InvalidUtf8InKey = [.. "{\"labels\":{\""u8, 0xC3, 0x28, .. "\":\"x\"},\""u8, 0xFF, .. "\":1}"u8];

    private TestGateway _gateway = null!;
    private string _adminCookie = null!;

    public static TheoryData<string, string, string> Endpoints => new()
    {
        // Linkis paths answered by the gateway itself, and the two Linkis parsers that read a body.
        { "linkis", "POST", "/api/rest_j/v1/user/login" },
        { "linkis", "POST", "/api/rest_j/v1/basedata-manager/gateway-auth-token" },
        { "linkis", "PUT", "/api/rest_j/v1/basedata-manager/gateway-auth-token" },
        { "linkis", "PUT", "/api/rest_j/v1/microservice/instanceLabel" },
        { "linkis", "POST", "/api/rest_j/v1/engine/resultSetCache/get" },

        // Label routing reads the body's labels; a body it cannot read goes on to the backend to judge.
        { "forwarded", "POST", "/api/rest_j/v1/entrance/submit" },

        // Portico's own APIs.
        { "problem", "POST", "/portico/tokens" },
        { "problem", "PUT", "/portico/tokens/t1" },
        { "problem", "PUT", "/portico/labels/instances/orders/127.0.0.1:8080" },
        { "problem", "POST", "/portico/labels/instances/orders/127.0.0.1:8080" },
        { "problem", "PUT", "/portico/labels/instances/orders/127.0.0.1:8080/route" },
        { "problem", "PUT", "/portico/registry/apps/orders/o1" },
        { "problem", "PUT", "/portico/registry/apps/orders/o1/status" },
        { "problem", "PATCH", "/portico/registry/apps/orders/o1/metadata" },
        { "problem", "POST", "/eureka/apps/ORDERS" },
        { "problem", "PUT", "/eureka/apps/ORDERS/o1/metadata" },
    };

    public static IEnumerable<(string Name, byte[] Body)> Bodies()
    {
        yield return ("invalid UTF-8 in strings", InvalidUtf8InString);
        yield return ("invalid UTF-8 in keys", InvalidUtf8InKey);
        yield return ("truncated", "{\"labels\":{\"route\":\"et1\"},\"name\":\"x"u8.ToArray());
        yield return ("deep nesting", Encoding.ASCII.GetBytes("{\"labels\":" + new string('[', 10_000) + new string(']', 10_000) + "}"));
        yield return ("deep objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"labels\":", 500)) + "1" + new string('}', 500)));
        var huge = "1" + new string('9', 400) + "e99999";
        yield return ("huge numbers", Encoding.ASCII.GetBytes($$"""{"instance":{"hostName":"h","app":"ORDERS","ipAddr":"127.0.0.1","port":{"$":{{huge}}},"status":"UP"},"host":"127.0.0.1","port":{{huge}},"weight":{{huge}},"leaseDurationSeconds":{{huge}},"elapseDay":{{huge}},"id":{{huge}},"labels":{"route":{{huge}}},"userName":{{huge}},"applicationName":{{huge}},"value":{{huge}}}"""));
        yield return ("wrong types", """{"instance":[1],"host":{},"port":"x","weight":[],"metadata":[1],"status":7,"name":[],"token":{},"elapseDay":"x","id":[],"labels":[{"labelKey":7}],"userName":{},"password":[],"applicationName":7,"value":{"a":1},"route":[]}"""u8.ToArray());
        yield return ("wrong root", "[1,2,3]"u8.ToArray());
        yield return ("string root", "\"just a string\""u8.ToArray());
    }

    public async Task InitializeAsync()
    {
        var registry = new InMemoryRegistry();
        registry.Set(("linkis-cg-entrance", "127.0.0.1:9104"), ("linkis-ps-publicservice", "127.0.0.1:9105"));
        _gateway = await TokenGateway.StartAsync(TimeProvider.System, registry: registry);
        var session = await _gateway.Services.GetRequiredService<ILinkisSessionService>().IssueAsync("hadoop", remember: true, default);
        _adminCookie = "linkis_user_session_ticket_id_v1=" + session.Ticket;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task MalformedBody_ClientErrorInTheEndpointsShape_NothingLoggedAsAnError(string shape, string method, string path)
    {
        var failures = new List<string>();
        foreach (var (name, body) in Bodies())
        {
            var logged = _gateway.Logs.Entries.Count;
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (!path.EndsWith("/user/login", StringComparison.Ordinal))
            {
                request.Headers.Add("Cookie", _adminCookie);
                request.As("hadoop", admin: true);
            }

            using var response = await _gateway.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;

            var problem = shape switch
            {
                _ when status is 401 or 403 => $"HTTP {status}: refused before the body was read: {text}",
                "linkis" when !IsLinkisError(text) => "not a Linkis error Message: " + text,
                "linkis" when status is not (200 or (>= 400 and <= 499)) => $"HTTP {status}, not a 4xx",
                "problem" when status is < 400 or > 499 => $"HTTP {status}, not a 4xx",
                "problem" when mediaType != "application/problem+json" => $"{mediaType}, not problem+json: {text}",
                "forwarded" when status != 200 || !text.Contains("\"RouteId\"", StringComparison.Ordinal) => $"HTTP {status}, not forwarded: {text}",
                _ => null,
            };
            var bad = _gateway.Logs.Entries.Skip(logged).FirstOrDefault(e => e.Level >= LogLevel.Warning || e.Exception is not null);
            if (bad is not null)
            {
                problem += $" logged at {bad.Level}: {bad.Message} {bad.Exception?.GetType().Name}";
            }

            if (problem is not null)
            {
                failures.Add($"{name}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"{method} {path}:\n" + string.Join('\n', failures));
    }

    // Linkis answers the errors of its parsers and REST APIs with HTTP 200 and a non-zero status (LINKIS.md §0.1), and
    // the /user/* endpoints with the HTTP status the Message maps to; either way the envelope says it was an error.
    private static bool IsLinkisError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            return names.SequenceEqual(["method", "status", "message", "data"]) && document.RootElement.GetProperty("status").GetInt32() != 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
