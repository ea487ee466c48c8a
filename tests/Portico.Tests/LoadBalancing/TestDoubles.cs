using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;
using Portico.Health;
using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

/// <summary>A random source that returns a fixed sequence (cycling), or counts up when given none.</summary>
public sealed class SequenceRandom(params int[] values) : IRandomSource
{
    private int _next;

    public List<int> Bounds { get; } = [];

    public int Next(int maxExclusive)
    {
        Bounds.Add(maxExclusive);
        var i = _next++;
        var value = values.Length == 0 ? i % maxExclusive : values[i % values.Length];
        if (value < 0 || value >= maxExclusive)
        {
            throw new InvalidOperationException($"Test sequence value {value} is outside [0, {maxExclusive}).");
        }

        return value;
    }
}

/// <summary>A registry whose snapshot tests set directly.</summary>
public sealed class InMemoryServiceRegistry : IServiceRegistry
{
    private RegistrySnapshot _current = RegistrySnapshot.Empty;
    private long _version;

    public RegistrySnapshot Current => Volatile.Read(ref _current);

    public event Action<RegistrySnapshot>? Changed;

    public void Set(params ServiceInstance[] instances)
    {
        var snapshot = new RegistrySnapshot(instances, Interlocked.Increment(ref _version));
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }
}

/// <summary>Builders for instances and selection contexts.</summary>
public static class Lb
{
    public static ServiceInstance Instance(
        string id,
        string host = "10.0.0.1",
        int port = 8080,
        string app = "orders",
        InstanceStatus status = InstanceStatus.Up,
        int weight = 1,
        Dictionary<string, string>? metadata = null,
        string scheme = "http") => new()
        {
            AppName = app,
            InstanceId = id,
            Host = host,
            Port = port,
            Status = status,
            Weight = weight,
            Scheme = scheme,
            Metadata = metadata ?? [],
        };

    /// <summary>Instances a, b, c, ... on 10.0.0.1, 10.0.0.2, ... port 8080.</summary>
    public static ServiceInstance[] Instances(int count, string app = "orders") =>
        Enumerable.Range(0, count).Select(i => Instance(((char)('a' + i)).ToString(), $"10.0.0.{i + 1}", app: app)).ToArray();

    internal static InstanceSelectionContext Context(
        IReadOnlyList<ServiceInstance> registered,
        GatewayExchange? exchange = null,
        ServiceConfig? settings = null,
        string serviceId = "orders",
        ServiceInstance[]? attempted = null,
        InstanceLoadTracker? load = null)
    {
        var context = new InstanceSelectionContext();
        context.Initialize(exchange ?? TestSupport.TestExchange.Create(), serviceId, settings ?? new ServiceConfig(), registered, attempted ?? [], load);
        return context;
    }

    internal static string[] Ids(ReadOnlySpan<ServiceInstance> instances)
    {
        var ids = new string[instances.Length];
        for (var i = 0; i < instances.Length; i++)
        {
            ids[i] = instances[i].InstanceId;
        }

        return ids;
    }

    internal static InstanceHealthStore HealthStore(TimeProvider? time = null, IServiceRegistry? registry = null) =>
        new(time ?? new ManualTimeProvider(), NullLogger<InstanceHealthStore>.Instance, registry);
}
