namespace Portico.FunctionalTests.Observability;

/// <summary>
/// Waits for work the gateway does after the client has its response (post-phase metrics and logs). Bounded in
/// time and count; never a timing assertion.
/// </summary>
public static class Eventually
{
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        for (var i = 0; i < 1000 && DateTime.UtcNow < deadline; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return condition();
    }

    public static async Task<string> ScrapeUntilAsync(HttpClient client, string expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var text = "";
        for (var i = 0; i < 500 && DateTime.UtcNow < deadline; i++)
        {
            text = await client.GetStringAsync("/actuator/prometheus");
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(20);
        }

        return text;
    }
}
