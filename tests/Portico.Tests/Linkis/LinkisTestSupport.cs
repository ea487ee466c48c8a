using System.Text;
using Portico.Configuration;
using Portico.Discovery;
using Portico.Linkis;
using Portico.Linkis.Parsing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Linkis;

/// <summary>Builds Linkis request contexts and registries for unit tests.</summary>
internal static class LinkisTestSupport
{
    /// <summary>Creates a context for <paramref name="method"/> <paramref name="pathAndQuery"/> with an optional inspected body.</summary>
    public static LinkisRequestContext Context(
        string pathAndQuery,
        string method = "GET",
        string? body = null,
        LinkisConfig? config = null,
        RegistrySnapshot? registry = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var linkis = config ?? new LinkisConfig { Enabled = true };
        var exchange = TestExchange.Create(method, pathAndQuery, headers, config: new PorticoConfig().WithSection(linkis));
        var context = new LinkisRequestContext(exchange, new LinkisSettings(linkis))
        {
            Body = body is null ? null : new LinkisRequestBody(Encoding.UTF8.GetBytes(body), Encoding.UTF8),
            Registry = registry ?? RegistrySnapshot.Empty,
        };
        exchange.HttpContext.Features.Set(context);
        return context;
    }

    /// <summary>A registry snapshot of <c>app@host:port</c> entries (UP unless suffixed with <c>!down</c>).</summary>
    public static RegistrySnapshot Registry(params string[] entries) => new(entries.Select(Instance), 1);

    /// <summary>One instance from <c>app@host:port</c>.</summary>
    public static ServiceInstance Instance(string entry)
    {
        var down = entry.EndsWith("!down", StringComparison.Ordinal);
        var text = down ? entry[..^5] : entry;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var app = text[..at];
        var authority = text[(at + 1)..];
        var colon = authority.LastIndexOf(':');
        return new ServiceInstance
        {
            AppName = app,
            InstanceId = authority,
            Host = authority[..colon],
            Port = int.Parse(authority[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            Status = down ? InstanceStatus.Down : InstanceStatus.Up,
        };
    }
}

/// <summary>An in-memory registry whose snapshot tests replace.</summary>
internal sealed class TestRegistry(RegistrySnapshot initial) : IServiceRegistry
{
    private RegistrySnapshot _current = initial;

    public RegistrySnapshot Current => Volatile.Read(ref _current);

    public event Action<RegistrySnapshot>? Changed;

    public void Publish(RegistrySnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }
}
