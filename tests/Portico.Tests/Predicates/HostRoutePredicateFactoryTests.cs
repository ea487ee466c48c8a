using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class HostRoutePredicateFactoryTests
{
    private readonly HostRoutePredicateFactory _factory = new();

    [Fact]
    public void Shortcut_IsGatherListOfPatterns()
    {
        Assert.Equal("Host", _factory.Name);
        Assert.Equal(ShortcutType.GatherList, _factory.Shortcut.Type);
        Assert.Equal(["patterns"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("www.somehost.org", true)]
    [InlineData("beta.anotherhost.org", true)]
    [InlineData("www.thirdhost.org", false)]
    public void Test_SeveralPatterns_AnyMatches(string host, bool expected)
    {
        var predicate = Shortcut(_factory, "**.somehost.org,**.anotherhost.org");
        Assert.Equal(expected, predicate.Test(TestExchange.Create(host: host)));
    }

    [Fact]
    public void Test_SubdomainVariable_PutIntoExchange()
    {
        var predicate = Shortcut(_factory, "{sub}.myhost.org");
        var exchange = TestExchange.Create(host: "shop.myhost.org");
        Assert.True(predicate.Test(exchange));
        Assert.Equal("shop", exchange.UriVariables["sub"]);
    }

    [Fact]
    public void Test_PortInHeader_IsMatchedByDefaultAsSpringDoes()
    {
        var predicate = Shortcut(_factory, "**.somehost.org");
        Assert.False(predicate.Test(TestExchange.Create(host: "www.somehost.org:8080")));
        Assert.True(Shortcut(_factory, "**.somehost.org:8080").Test(TestExchange.Create(host: "www.somehost.org:8080")));
    }

    [Fact]
    public void Test_IncludePortFalse_IgnoresPort()
    {
        var config = new PorticoConfig { Predicate = new PredicateSettingsConfig { Host = new HostPredicateConfig { IncludePort = false } } };
        var predicate = Shortcut(_factory, "{sub}.somehost.org");
        var exchange = TestExchange.Create(host: "www.somehost.org:8080", config: config);
        Assert.True(predicate.Test(exchange));
        Assert.Equal("www", exchange.UriVariables["sub"]);
    }

    [Theory]
    [InlineData("[::1]:8080", "[::1]", true)]
    [InlineData("[::1]:8080", "[::1]:8080", false)]
    [InlineData("[::1]", "[::1]", false)]
    public void Test_IPv6Host_PortHandledAsHostString(string header, string pattern, bool ignorePort)
    {
        var config = new PorticoConfig { Predicate = new PredicateSettingsConfig { Host = new HostPredicateConfig { IncludePort = !ignorePort } } };
        var predicate = Expanded(_factory, ("patterns", [pattern]));
        Assert.True(predicate.Test(TestExchange.Create(host: header, config: config)));
    }

    [Fact]
    public void Test_CaseInsensitive_HostNamesAre()
    {
        Assert.True(Shortcut(_factory, "api.example.org").Test(TestExchange.Create(host: "API.EXAMPLE.org")));
    }

    [Fact]
    public void Test_NoHostHeader_DoesNotMatch()
    {
        var exchange = TestExchange.Create();
        exchange.Request.Headers.Host = default;
        Assert.False(Shortcut(_factory, "**").Test(exchange));
    }

    [Fact]
    public void Test_NoVariables_DoesNotAllocate()
    {
        var predicate = Shortcut(_factory, "**.somehost.org,api-*.example.org");
        var exchange = TestExchange.Create(host: "api-eu.example.org");
        predicate.Test(exchange);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(predicate.Test(exchange));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ToString_ListsPatterns_SpringStyle()
    {
        Assert.Equal("Hosts: [**.somehost.org, **.anotherhost.org]", Shortcut(_factory, "**.somehost.org,**.anotherhost.org").ToString());
    }

    [Fact]
    public void Create_NoPatterns_ReportsError()
    {
        Shortcut(_factory, "", out var errors);
        SingleError(errors, "patterns", "needs at least one value");
    }

    [Fact]
    public void Create_InvalidPattern_ReportsError()
    {
        Shortcut(_factory, "{a}.{a}.org", out var errors);
        var error = SingleError(errors, "patterns", "captured twice");
        Assert.Contains("**.example.org", error.Fix, StringComparison.Ordinal);
    }
}
