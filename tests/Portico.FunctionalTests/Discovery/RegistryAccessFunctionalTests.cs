using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;
using static Portico.FunctionalTests.Discovery.RegistryClient;

namespace Portico.FunctionalTests.Discovery;

public sealed class RegistryAccessFunctionalTests
{
    [Fact]
    public async Task UntrustedSource_403_NothingChanges()
    {
        // Tests can only connect from loopback, so make loopback a stranger.
        await using var gateway = await TestGateway.StartAsync("portico:\n  discovery:\n    access:\n      allow-loopback: false\n");
        var registry = gateway.Services.GetRequiredService<IServiceRegistry>();

        using var eureka = await RegisterEurekaAsync(gateway.Client, "orders", "o1");
        using var native = await RegisterNativeAsync(gateway.Client, "orders", "o1", """{"host":"127.0.0.1","port":8080}""");
        using var read = await gateway.Client.GetAsync("eureka/apps");

        Assert.Equal(HttpStatusCode.Forbidden, eureka.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, native.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Empty(registry.Current.GetInstances("orders"));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == Portico.Logging.EventIdRanges.Discovery + 30);
    }

    [Fact]
    public async Task Credentials_MissingWrongRight()
    {
        await using var gateway = await TestGateway.StartAsync("portico:\n  discovery:\n    access:\n      username: eureka\n      password: s3cret\n");
        var registry = gateway.Services.GetRequiredService<IServiceRegistry>();
        var body = RegistryClient.EurekaJson("orders", "o1", "127.0.0.1", 8080);

        async Task<HttpResponseMessage> Post(string? user, string? password)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "eureka/apps/ORDERS") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (user is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            }

            return await gateway.Client.SendAsync(request);
        }

        using var missing = await Post(null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("Basic", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var wrong = await Post("eureka", "guess");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Empty(registry.Current.GetInstances("orders"));

        using var right = await Post("eureka", "s3cret");
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.Single(registry.Current.GetInstances("orders"));
    }
}
