using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.LoadBalancing;

/// <summary>A registry whose snapshot tests set directly.</summary>
public sealed class InMemoryServiceRegistry : IServiceRegistry
{
    private RegistrySnapshot _current = RegistrySnapshot.Empty;
    private long _version;

    /// <inheritdoc />
    public RegistrySnapshot Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public event Action<RegistrySnapshot>? Changed;

    /// <summary>Publishes a snapshot of <paramref name="instances"/>.</summary>
    public void Set(IEnumerable<ServiceInstance> instances)
    {
        var snapshot = new RegistrySnapshot(instances, Interlocked.Increment(ref _version));
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }
}

/// <summary>
/// A gateway in front of echo upstreams on distinct loopback addresses (127.0.0.2, 127.0.0.3, ...), all registered as
/// instances <c>orders-0</c>, <c>orders-1</c>, ... of service <c>orders</c>, reached through route <c>orders</c>
/// (<c>lb://orders</c>, response header <c>X-Portico-Instance</c>). Each upstream counts the requests it serves.
/// </summary>
public sealed class LbCluster : IAsyncDisposable
{
    public const string InstanceHeader = "X-Portico-Instance";

    private readonly TestUpstream?[] _upstreams;
    private readonly int[] _counts;

    private LbCluster(TestUpstream?[] upstreams, int[] counts, InMemoryServiceRegistry registry, TestGateway gateway)
    {
        _upstreams = upstreams;
        _counts = counts;
        Registry = registry;
        Gateway = gateway;
        Instances = upstreams.Select((u, i) => new ServiceInstance
        {
            AppName = "orders",
            InstanceId = $"orders-{i}",
            Host = u!.BaseAddress.Host,
            Port = u.Port,
        }).ToArray();
        registry.Set(Instances);
    }

    public InMemoryServiceRegistry Registry { get; }

    public TestGateway Gateway { get; }

    /// <summary>The registered instances, by upstream index.</summary>
    public ServiceInstance[] Instances { get; }

    /// <summary>Requests each upstream has served.</summary>
    public int Count(int index) => Volatile.Read(ref _counts[index]);

    /// <summary>host:port of upstream <paramref name="index"/>.</summary>
    public string Authority(int index) => Instances[index].Authority;

    /// <summary>
    /// Starts <paramref name="count"/> upstreams and a gateway. <paramref name="services"/> is YAML placed under
    /// <c>portico.services.orders</c> (indented by 6); <paramref name="handler"/> replaces the echo of some upstreams.
    /// </summary>
    public static async Task<LbCluster> StartAsync(
        int count = 3,
        string services = "      load-balancer: RoundRobin\n",
        Func<int, RequestDelegate?>? handler = null,
        string routeMetadata = "",
        Action<IServiceCollection>? configureServices = null)
    {
        var counts = new int[count];
        var upstreams = new TestUpstream?[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var custom = handler?.Invoke(i);
            upstreams[i] = await TestUpstream.StartAsync(
                app => app.Run(context =>
                {
                    if (!context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref counts[index]);
                    }

                    return (custom ?? TestUpstream.EchoAsync)(context);
                }),
                address: $"127.0.0.{2 + i}");
        }

        var registry = new InMemoryServiceRegistry();
        var yaml = $"""
            portico:
              routes:
                - id: orders
                  uri: lb://orders
                  metadata:
                    instance-header: {InstanceHeader}
            {routeMetadata}
              services:
                orders:

            """;
        yaml = yaml.TrimEnd() + "\n" + services;
        var gateway = await TestGateway.StartAsync(yaml, s =>
        {
            s.AddSingleton<IServiceRegistry>(registry);
            configureServices?.Invoke(s);
        });
        return new LbCluster(upstreams, counts, registry, gateway);
    }

    /// <summary>Stops upstream <paramref name="index"/>; it stays registered, so connections to it are refused.</summary>
    public async Task StopAsync(int index)
    {
        var upstream = _upstreams[index];
        _upstreams[index] = null;
        if (upstream is not null)
        {
            await upstream.DisposeAsync();
        }
    }

    /// <summary>Sends a GET (or <paramref name="request"/>) and returns the status and the instance that served it.</summary>
    public async Task<(HttpStatusCode Status, string? ServedBy, HttpResponseMessage Response)> SendAsync(HttpRequestMessage? request = null, params (string Name, string Value)[] headers)
    {
        request ??= new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await Gateway.Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        var servedBy = response.Headers.TryGetValues(InstanceHeader, out var values) ? values.Single() : null;
        return (response.StatusCode, servedBy, response);
    }

    /// <summary>The admin view of instance health, by instance id.</summary>
    public async Task<Dictionary<string, JsonElement>> InstancesAsync()
    {
        var text = await Gateway.Client.GetStringAsync("/actuator/gateway/instances");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("instanceId").GetString()!, e => e.Clone());
    }

    /// <summary>Polls the admin view until <paramref name="condition"/> holds; bounded by <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(Func<Dictionary<string, JsonElement>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (condition(await InstancesAsync()))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        for (var i = 0; i < _upstreams.Length; i++)
        {
            await StopAsync(i);
        }
    }
}
