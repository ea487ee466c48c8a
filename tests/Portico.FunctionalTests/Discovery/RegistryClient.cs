using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Portico.FunctionalTests.Discovery;

/// <summary>Small helpers for talking to a gateway's registry APIs in tests.</summary>
internal static class RegistryClient
{
    public static string EurekaJson(string app, string id, string host, int port, string status = "UP", int durationInSecs = 90, string? metadata = null) =>
        "{\"instance\":{\"instanceId\":\"" + id + "\",\"hostName\":\"" + host + "\",\"app\":\"" + app.ToUpperInvariant()
        + "\",\"ipAddr\":\"127.0.0.1\",\"status\":\"" + status + "\",\"overriddenStatus\":\"UNKNOWN\","
        + "\"port\":{\"$\":" + port + ",\"@enabled\":\"true\"},\"securePort\":{\"$\":443,\"@enabled\":\"false\"},\"countryId\":1,"
        + "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\",\"name\":\"MyOwn\"},"
        + "\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":" + durationInSecs + "},\"metadata\":" + (metadata ?? "{}") + ","
        + "\"vipAddress\":\"" + app.ToLowerInvariant() + "\",\"lastDirtyTimestamp\":\"1700000000000\"}}";

    public static Task<HttpResponseMessage> RegisterEurekaAsync(HttpClient client, string app, string id, string host = "127.0.0.1", int port = 8080, string status = "UP", string prefix = "eureka") =>
        client.PostAsync($"{prefix}/apps/{app.ToUpperInvariant()}", new StringContent(EurekaJson(app, id, host, port, status), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> RegisterNativeAsync(HttpClient client, string app, string id, string body) =>
        client.PutAsync($"portico/registry/apps/{app}/{id}", new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, at most <paramref name="timeout"/> (default 15 s).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
