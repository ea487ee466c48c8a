using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Portico.Configuration;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Portico.Tests.Architecture;

/// <summary>
/// The forwarder moves bytes for a request, a destination and options, and knows nothing of routes, filters, the
/// exchange or load balancing: the terminal filters above it call it, never the other way round. Checked on the
/// compiled core, method bodies included, so a type named only inside a method breaks the rule too.
/// </summary>
public sealed class ForwarderLayerTests
{
    private static readonly ArchUnitNET.Domain.Architecture Core = new ArchLoader().LoadAssemblies(typeof(PorticoConfig).Assembly).Build();

    [Fact]
    public void Forwarding_DependsOnNoRoutingFilterExchangeOrLoadBalancingType()
    {
        var above = Types().That().ResideInNamespace("Portico.Routing")
            .Or().ResideInNamespaceOrBelow("Portico.Filters")
            .Or().ResideInNamespace("Portico.LoadBalancing")
            .Or().HaveFullName("Portico.GatewayExchange");

        Types().That().ResideInNamespace("Portico.Forwarding").Should().NotDependOnAny(above).Check(Core);
    }

    [Fact]
    public void TerminalFilters_DependOnTheForwarder_SoTheRuleAboveSeesDependencies()
    {
        // The rule above would pass vacuously if no dependency were seen: the HTTP routing filter does call the forwarder.
        Types().That().HaveFullName("Portico.Filters.HttpRoutingFilter").Should()
            .DependOnAny(Types().That().ResideInNamespace("Portico.Forwarding")).Check(Core);
    }
}
