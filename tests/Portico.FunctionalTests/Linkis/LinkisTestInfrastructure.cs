using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Labels;
using Portico.Linkis;

namespace Portico.FunctionalTests.Linkis;

/// <summary>An in-memory registry the tests fill with the real upstreams they start.</summary>
internal sealed class InMemoryRegistry : IServiceRegistry
{
    private RegistrySnapshot _current = RegistrySnapshot.Empty;

    public RegistrySnapshot Current => Volatile.Read(ref _current);

    public event Action<RegistrySnapshot>? Changed;

    public void Set(params (string App, string Authority)[] instances)
    {
        var list = new List<ServiceInstance>();
        foreach (var (app, authority) in instances)
        {
            var colon = authority.LastIndexOf(':');
            list.Add(new ServiceInstance
            {
                AppName = app,
                InstanceId = authority,
                Host = authority[..colon],
                Port = int.Parse(authority[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        var snapshot = new RegistrySnapshot(list, Current.Version + 1);
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(snapshot);
    }
}

/// <summary>
/// Answers at the load balancer's position with what the Linkis filters decided: the request URL, the request headers
/// and body as they would be forwarded, and the route labels handed to the label step. Used until a request can be
/// followed to a real backend.
/// </summary>
internal sealed class LinkisProbeFilter : IGlobalFilter
{
    public int Order => GlobalFilterOrder.LoadBalancer - 1;

    public async ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        using var body = new MemoryStream();
        await exchange.Request.Body.CopyToAsync(body, exchange.HttpContext.RequestAborted);
        var labels = exchange.GetRequestLabels();
        var probe = new LinkisProbe
        {
            RouteId = exchange.Route.Id,
            Url = exchange.RequestUrl?.AbsoluteUri ?? "",
            Headers = exchange.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray().Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase),
            Body = Convert.ToBase64String(body.ToArray()),
            Inspected = exchange.GetLinkisContext()?.Body is not null,
            LabelsApplication = labels?.Application,
            Labels = labels?.Labels.ToDictionary(l => l.Key, l => l.Value.ToArray()),
        };
        exchange.Response.ContentType = "application/json";
        await exchange.Response.WriteAsync(JsonSerializer.Serialize(probe), exchange.HttpContext.RequestAborted);
    }
}

/// <summary>What <see cref="LinkisProbeFilter"/> saw.</summary>
public sealed class LinkisProbe
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The matched route.</summary>
    public string RouteId { get; set; } = "";

    /// <summary>The request URL at the load balancer.</summary>
    public string Url { get; set; } = "";

    /// <summary>The request headers.</summary>
    public Dictionary<string, string[]> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body, base64.</summary>
    public string Body { get; set; } = "";

    /// <summary>Whether the Linkis filters read (inspected) the body.</summary>
    public bool Inspected { get; set; }

    /// <summary>The application of the route labels, when label-routed.</summary>
    public string? LabelsApplication { get; set; }

    /// <summary>The route labels, when label-routed.</summary>
    public Dictionary<string, string[]>? Labels { get; set; }

    /// <summary>The body bytes.</summary>
    public byte[] BodyBytes => Convert.FromBase64String(Body);

    /// <summary>All values of a header joined by commas, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? string.Join(",", v) : null;

    /// <summary>Reads the probe from a gateway response.</summary>
    public static async Task<LinkisProbe> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json" && text.Contains("\"RouteId\"", StringComparison.Ordinal), "Not a probe answer: " + text);
        return JsonSerializer.Deserialize<LinkisProbe>(text, JsonOptions)!;
    }
}

/// <summary>Starts Linkis-mode gateways over an in-memory registry.</summary>
internal static class LinkisGateway
{
    /// <summary>The YAML of a Linkis-mode gateway with extra <c>linkis</c> settings and optional routes.</summary>
    public static string Yaml(string? linkisSettings = null, string? routes = null) =>
        "portico:\n  linkis:\n    enabled: true\n"
        + (linkisSettings is null ? "" : string.Concat(linkisSettings.Trim().Split('\n').Select(l => "    " + l.TrimEnd() + "\n")))
        + (routes is null ? "" : "  routes:\n" + string.Concat(routes.Trim('\n').Split('\n').Select(l => "    " + l.TrimEnd() + "\n")));

    /// <summary>Starts a gateway; with <paramref name="probe"/> requests end at <see cref="LinkisProbeFilter"/>.</summary>
    public static Task<TestGateway> StartAsync(InMemoryRegistry registry, bool probe = true, string? linkisSettings = null, string? routes = null, Action<IServiceCollection>? configure = null) =>
        TestGateway.StartAsync(Yaml(linkisSettings, routes), services =>
        {
            services.AddSingleton<IServiceRegistry>(registry);
            if (probe)
            {
                services.AddSingleton<IGlobalFilter, LinkisProbeFilter>();
            }

            configure?.Invoke(services);
        });
}
