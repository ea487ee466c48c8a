using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Linkis;

/// <summary>
/// Real echo upstreams registered as Linkis applications (two entrances, the public service, the manager and an
/// engine-conn manager) and a Linkis-mode gateway whose requests end at <see cref="LinkisProbeFilter"/>.
/// </summary>
public sealed class LinkisFixture : IAsyncLifetime
{
    internal InMemoryRegistry Registry { get; } = new();

    public TestUpstream Entrance1 { get; private set; } = null!;

    public TestUpstream Entrance2 { get; private set; } = null!;

    public TestUpstream PublicService { get; private set; } = null!;

    public TestUpstream Manager { get; private set; } = null!;

    public TestUpstream EngineConnManager { get; private set; } = null!;

    public TestUpstream Static { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public HttpClient Client => Gateway.Client;

    /// <summary>The gateway's port, which appears in Linkis error texts.</summary>
    public int GatewayPort => Gateway.BaseAddress.Port;

    public async Task InitializeAsync()
    {
        Entrance1 = await TestUpstream.StartAsync();
        Entrance2 = await TestUpstream.StartAsync();
        PublicService = await TestUpstream.StartAsync();
        Manager = await TestUpstream.StartAsync();
        EngineConnManager = await TestUpstream.StartAsync();
        Static = await TestUpstream.StartAsync();
        Registry.Set(
            ("linkis-cg-entrance", Entrance1.Authority),
            ("linkis-cg-entrance", Entrance2.Authority),
            ("linkis-ps-publicservice", PublicService.Authority),
            ("linkis-ps-user", PublicService.Authority),
            ("linkis-cg-linkismanager", Manager.Authority),
            ("linkis-cg-engineconnmanager", EngineConnManager.Authority));
        Gateway = await LinkisGateway.StartAsync(
            Registry,
            linkisSettings: "max-buffer-size: 1KB",
            routes: $"""
                - id: special
                  uri: {Static.BaseAddress.GetLeftPart(UriPartial.Authority)}
                  predicates: [Path=/api/rest_j/v1/special/**]
                """);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var upstream in new[] { Entrance1, Entrance2, PublicService, Manager, EngineConnManager, Static })
        {
            await upstream.DisposeAsync();
        }
    }
}
